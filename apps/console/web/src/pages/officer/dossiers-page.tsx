import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ProblemMessage } from '../../components/problem-message';
import { usePageTitle } from '../../layout/page-title';
import { useDossierList, type DossierQuery } from '../dossiers/dossier-api';
import { DossierDetail } from '../dossiers/dossier-detail';
import { DossierTable } from '../dossiers/dossier-table';

interface Filters {
  status: '' | NonNullable<DossierQuery['status']>;
  procedure: '' | NonNullable<DossierQuery['procedure']>;
  overdue: '' | 'true' | 'false';
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { status: '', procedure: '', overdue: '', from: '', to: '' };

function queryOf(filters: Filters, after?: string): DossierQuery {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.procedure ? { procedure: filters.procedure } : {}),
    ...(filters.overdue ? { overdue: filters.overdue } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(after ? { after } : {}),
  };
}

/** One page of the list; the last page offers the next. */
function DossierPage(props: {
  filters: Filters;
  after?: string;
  last: boolean;
  more: (next: string) => void;
}) {
  const { t } = useTranslation();
  const list = useDossierList(queryOf(props.filters, props.after));
  if (list.isError) {
    return <ProblemMessage error={list.error} />;
  }
  if (!list.data) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  const { next } = list.data;
  return (
    <>
      <DossierTable
        dossiers={list.data.dossiers}
        base="/officer/dossiers/"
        caption={t('dossiers.caption')}
      />
      {props.last && next ? (
        <button type="button" className="button" onClick={() => props.more(next)}>
          {t('dossiers.more')}
        </button>
      ) : null}
    </>
  );
}

/** Flow 3: the office's dossiers of births and deaths, by status, overdue and days received. */
export function DossiersPage() {
  const { t } = useTranslation();
  usePageTitle(t('dossiers.title'));
  const id = useId();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setPages([undefined]);
  };
  const field = <K extends keyof Filters>(key: K) => ({
    id: `${id}-${key}`,
    value: draft[key],
    onChange: (event: { target: { value: string } }) =>
      setDraft({ ...draft, [key]: event.target.value as Filters[K] }),
  });
  return (
    <section>
      <h1>{t('dossiers.title')}</h1>
      <p className="lead">{t('dossiers.lead')}</p>
      <form className="form card filters" onSubmit={apply} aria-label={t('dossiers.filters')}>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('dossiers.status')}</label>
          <select {...field('status')}>
            <option value="">{t('dossiers.any')}</option>
            {(['IN_PROGRESS', 'COMPLETED', 'REFUSED'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`dossier.dossierStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-procedure`}>{t('dossiers.procedure')}</label>
          <select {...field('procedure')}>
            <option value="">{t('dossiers.any')}</option>
            <option value="BIRTH">{t('dossier.procedures.BIRTH')}</option>
            <option value="DEATH">{t('dossier.procedures.DEATH')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-overdue`}>{t('dossiers.overdue')}</label>
          <select {...field('overdue')}>
            <option value="">{t('dossiers.any')}</option>
            <option value="true">{t('dossiers.overdueOnly')}</option>
            <option value="false">{t('dossiers.onTimeOnly')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('dossiers.from')}</label>
          <input type="date" {...field('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('dossiers.to')}</label>
          <input type="date" {...field('to')} />
        </div>
        <button type="submit" className="button primary">
          {t('dossiers.apply')}
        </button>
      </form>
      {pages.map((after, index) => (
        <DossierPage
          key={after ?? 'first'}
          filters={filters}
          {...(after ? { after } : {})}
          last={index === pages.length - 1}
          more={(next) => setPages([...pages, next])}
        />
      ))}
    </section>
  );
}

/** One dossier of the office, live. */
export function OfficerDossierPage() {
  const { id = '' } = useParams();
  return <DossierDetail id={id} />;
}
