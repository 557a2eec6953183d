import { useTranslation } from 'react-i18next';
import type { LookupAnswerView } from '../../api/views';
import { RecordView } from '../../components/record-view';
import { formatDateTime } from '../../i18n/format';
import { VerificationBadge, useVerdict } from '../../verify/verification-badge';
import type { CatalogService } from './catalog';

/** Saves a JSON value as a file (the evidence `lt verify` accepts). */
export function downloadJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(
    new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A look-up's answer: the verification verdict computed in this browser, the provider and time,
 * the minimised record, the fields the policy withheld and why, and the evidence to download.
 */
export function LookupResult(props: {
  answer: LookupAnswerView;
  service: CatalogService;
  procedure: string;
  agency: string;
}) {
  const { t } = useTranslation();
  const { answer, service } = props;
  const verdict = useVerdict(answer.evidence.responseId, answer);
  const kept = new Set(answer.policy?.fields ?? service.grantedFields);
  const withheld = service.offeredFields.filter((field) => !kept.has(field));
  const issuedAt = verdict.data?.verified ? verdict.data.issuedAt : undefined;
  return (
    <article className="card result" aria-labelledby="result-title" data-testid="lookup-result">
      <h2 id="result-title">{t('lookup.result')}</h2>
      <VerificationBadge verdict={verdict.data} pending={verdict.isPending} />
      <dl className="facts">
        <div>
          <dt>{t('lookup.provider')}</dt>
          <dd>
            {service.provider.name || service.provider.member} ({answer.evidence.provider.member}/
            {answer.evidence.provider.subsystem})
          </dd>
        </div>
        <div>
          <dt>{t('lookup.time')}</dt>
          <dd>{formatDateTime(issuedAt)}</dd>
        </div>
        <div>
          <dt>{t('lookup.requestId')}</dt>
          <dd>
            <code>{answer.evidence.requestId}</code>
          </dd>
        </div>
      </dl>
      {answer.status === 'FOUND' && answer.record ? (
        <>
          <h3>{t('lookup.record')}</h3>
          <RecordView record={answer.record} order={service.offeredFields} />
          {withheld.length > 0 ? (
            <section className="withheld" aria-labelledby="withheld-title">
              <h3 id="withheld-title">{t('lookup.withheld')}</h3>
              <p>
                {t('lookup.withheldWhy', {
                  agency: t(`services.${props.agency}`, props.agency),
                  procedure: t(`procedures.${props.procedure}`, { defaultValue: props.procedure }),
                })}
              </p>
              <ul className="chips">
                {withheld.map((field) => (
                  <li key={field}>{t(`fields.${field}`, { defaultValue: field })}</li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : (
        <p className="notice" role="status">
          {t('lookup.notFound')}
        </p>
      )}
      <button
        type="button"
        className="button"
        onClick={() => downloadJson(`lookup-${answer.evidence.requestId}.json`, answer)}
      >
        {t('lookup.download')}
      </button>
    </article>
  );
}
