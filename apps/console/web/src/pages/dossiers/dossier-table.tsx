import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../i18n/format';
import type { DossierSummary } from './dossier-api';
import { StatusTag } from './dossier-detail';

/** Dossiers in a table: each links to its page (`base` + id). */
export function DossierTable(props: {
  dossiers: readonly DossierSummary[];
  base: string;
  caption: string;
}) {
  const { t } = useTranslation();
  if (props.dossiers.length === 0) {
    return (
      <p className="notice" role="status">
        {t('dossiers.none')}
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="dossiers" data-testid="dossier-list">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dossiers.received')}</th>
            <th scope="col">{t('dossiers.procedure')}</th>
            <th scope="col">{t('dossier.subject')}</th>
            <th scope="col">{t('dossiers.status')}</th>
            <th scope="col">{t('dossiers.progress')}</th>
          </tr>
        </thead>
        <tbody>
          {props.dossiers.map((d) => (
            <tr key={d.id} data-dossier={d.id}>
              <td>
                <Link to={`${props.base}${d.id}`}>{formatDateTime(d.receivedAt)}</Link>
              </td>
              <td>{t(`dossier.procedures.${d.procedure}`)}</td>
              <td>
                {d.subject ? d.subject.fullName : '—'}
                {d.subject?.personalId ? (
                  <span className="muted small"> {d.subject.personalId}</span>
                ) : null}
              </td>
              <td>
                <StatusTag kind="dossier" status={d.status} overdue={d.overdue} />
              </td>
              <td>{t('dossiers.stepsDone', { done: d.stepsDone, total: d.stepsTotal })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
