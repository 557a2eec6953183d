import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import { ProblemMessage } from '../../components/problem-message';
import { useLiveDossier, type Dossier } from './dossier-api';
import './dossiers.css';

function StatusTag(props: { status: string; overdue?: boolean; kind: 'dossier' | 'step' }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`tag status-${props.status.toLowerCase()}`}>
        {t(`dossier.${props.kind}Status.${props.status}`)}
      </span>
      {props.overdue ? <span className="tag overdue">{t('dossier.overdue')}</span> : null}
    </>
  );
}

export { StatusTag };

/** The steps across agencies: who does each, its statutory deadline, when done, overdue. */
function Steps(props: { dossier: Dossier }) {
  const { t } = useTranslation();
  return (
    <ol className="steps" aria-label={t('dossier.steps')} data-testid="dossier-steps">
      {props.dossier.steps.map((step) => (
        <li
          key={step.step}
          className={`step step-${step.status.toLowerCase()}${step.overdue ? ' late' : ''}`}
          data-step={step.step}
          data-status={step.status}
        >
          <p className="step-title">
            <strong>{t(`dossier.stepNames.${step.step}`, { defaultValue: step.step })}</strong>{' '}
            <StatusTag kind="step" status={step.status} overdue={step.overdue} />
          </p>
          <dl className="facts">
            <div>
              <dt>{t('dossier.agency')}</dt>
              <dd>
                {t(`services.${step.agency}`, step.agency)} ({step.agency})
              </dd>
            </div>
            <div>
              <dt>{t('dossier.dueAt')}</dt>
              <dd>{formatDateTime(step.dueAt)}</dd>
            </div>
            <div>
              <dt>{t('dossier.doneAt')}</dt>
              <dd>{formatDateTime(step.doneAt)}</dd>
            </div>
            {step.eventId ? (
              <div>
                <dt>{t('dossier.event')}</dt>
                <dd>
                  <code>{step.eventId}</code>
                </dd>
              </div>
            ) : null}
          </dl>
          {step.status === 'REFUSED' ? (
            <p className="problem">
              {t('dossier.refusedBecause', { reason: step.reason ?? '' })} <code>{step.code}</code>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * A dossier of an interconnected procedure: what it is about, where it stands, and every step
 * across agencies, following the server's events live until it is complete or refused.
 */
export function DossierDetail(props: { id: string }) {
  const { t } = useTranslation();
  const { dossier, error, live } = useLiveDossier(props.id);
  usePageTitle(t('dossier.title'));
  if (error) {
    return (
      <section>
        <h1>{t('dossier.title')}</h1>
        <ProblemMessage error={error} />
      </section>
    );
  }
  if (!dossier) {
    return (
      <section aria-busy="true">
        <h1>{t('dossier.title')}</h1>
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      </section>
    );
  }
  return (
    <section data-testid="dossier" data-status={dossier.status}>
      <h1>
        {t('dossier.title')}: {t(`dossier.procedures.${dossier.procedure}`)}
      </h1>
      <p className={`live live-${live}`} role="status" data-live={live}>
        {t(`dossier.live.${live}`)}
      </p>
      <div className="card">
        <p className="dossier-status">
          <StatusTag kind="dossier" status={dossier.status} overdue={dossier.overdue} />
        </p>
        <dl className="facts">
          <div>
            <dt>{t('dossier.subject')}</dt>
            <dd>
              {dossier.subject
                ? `${dossier.subject.fullName}${dossier.subject.personalId ? ` (${dossier.subject.personalId})` : ''}`
                : '—'}
            </dd>
          </div>
          <div>
            <dt>{t('dossier.number')}</dt>
            <dd>
              <code>{dossier.id}</code>
            </dd>
          </div>
          <div>
            <dt>{t('dossier.receivedAt')}</dt>
            <dd>
              {formatDateTime(dossier.receivedAt)} —{' '}
              {t('values.commune', { code: dossier.communeCode })}
            </dd>
          </div>
          {dossier.officerId ? (
            <div>
              <dt>{t('dossier.officer')}</dt>
              <dd>{dossier.officerId}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('dossier.completedAt')}</dt>
            <dd>{formatDateTime(dossier.completedAt)}</dd>
          </div>
        </dl>
      </div>
      <h2>{t('dossier.steps')}</h2>
      <Steps dossier={dossier} />
    </section>
  );
}
