import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auditClient } from '../../api/clients';
import { subjectAccessesControllerAccesses } from '../../api/generated/audit';
import type { SubjectAccessView } from '../../api/views';
import { ProblemMessage } from '../../components/problem-message';
import { formatDateTime } from '../../i18n/format';

/** The accesses to one person's data and who viewed them in the audit log (GET /v1/subjects/…). */
export function useAccessLog(personalId: string | undefined) {
  return useQuery({
    queryKey: ['accesses', personalId],
    enabled: personalId !== undefined,
    queryFn: async () =>
      (
        await subjectAccessesControllerAccesses({
          client: auditClient,
          path: { personalId: personalId as string },
        })
      ).data as SubjectAccessView,
  });
}

/**
 * Flow 5, shared with the auditor's view: each access in plain words (which agency, which
 * officer's unit, for which procedure and legal basis, which case, when, what was disclosed) and
 * the audit-log queries that showed these entries.
 */
export function AccessLog(props: { personalId: string; asCitizen: boolean }) {
  const { t } = useTranslation();
  const log = useAccessLog(props.personalId);
  if (log.isPending) {
    return <p role="status">{t('common.loading')}</p>;
  }
  if (log.isError) {
    return <ProblemMessage error={log.error} />;
  }
  const { accesses, auditViews } = log.data;
  const agency = (member: string) => t(`services.${member}`, member);
  return (
    <>
      <section aria-labelledby="accesses-title">
        <h2 id="accesses-title">{t('accesses.listTitle', { count: accesses.length })}</h2>
        {accesses.length === 0 ? <p>{t('accesses.none')}</p> : null}
        <ol className="timeline" data-testid="accesses">
          {accesses.map((access) => (
            <li key={access.messageId} className={`access ${access.outcome}`}>
              <p className="access-sentence">
                {t(
                  access.outcome === 'accepted' ? 'accesses.sentence' : 'accesses.refusedSentence',
                  {
                    agency: agency(access.agency.member),
                    provider: access.provider
                      ? agency(access.provider.member)
                      : t('accesses.unknownProvider'),
                    time: formatDateTime(access.time),
                  },
                )}
              </p>
              <dl className="facts">
                {access.purpose ? (
                  <>
                    <div>
                      <dt>{t('accesses.procedure')}</dt>
                      <dd>
                        {t(`procedures.${access.purpose.procedure}`, {
                          defaultValue: access.purpose.procedure,
                        })}{' '}
                        ({access.purpose.procedure})
                      </dd>
                    </div>
                    <div>
                      <dt>{t('accesses.legalBasis')}</dt>
                      <dd>{access.purpose.legalBasis}</dd>
                    </div>
                    <div>
                      <dt>{t('accesses.case')}</dt>
                      <dd>{access.purpose.caseId}</dd>
                    </div>
                  </>
                ) : null}
                <div>
                  <dt>{t('accesses.officer')}</dt>
                  <dd>{access.officer ?? t('accesses.system')}</dd>
                </div>
                {access.fields && access.fields.length > 0 ? (
                  <div>
                    <dt>{t('accesses.fields')}</dt>
                    <dd>
                      {access.fields.map((f) => t(`fields.${f}`, { defaultValue: f })).join(', ')}
                    </dd>
                  </div>
                ) : null}
                {access.refusalCode ? (
                  <div>
                    <dt>{t('accesses.refusal')}</dt>
                    <dd>
                      {t(access.refusalCode, { ns: 'problems', defaultValue: access.refusalCode })}{' '}
                      (<code>{access.refusalCode}</code>)
                    </dd>
                  </div>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="views-title">
        <h2 id="views-title">{t('accesses.viewsTitle')}</h2>
        <p>{t('accesses.viewsLead')}</p>
        {auditViews.length === 0 ? <p>{t('accesses.noViews')}</p> : null}
        <ul className="plain-list" data-testid="audit-views">
          {auditViews.map((view) => (
            <li key={view.queryId}>
              {view.self
                ? t(props.asCitizen ? 'accesses.viewSelf' : 'accesses.viewSelfStaff', {
                    time: formatDateTime(view.time),
                  })
                : t('accesses.viewStaff', {
                    time: formatDateTime(view.time),
                    role: t(`roles.${view.role ?? 'unknown'}`, { defaultValue: view.role ?? '?' }),
                    viewer: view.viewer ?? '—',
                    agency: view.agency ? agency(view.agency) : '—',
                  })}
              {view.outcome === 'refused' ? ` — ${t('accesses.viewRefused')}` : ''}
            </li>
          ))}
        </ul>
      </section>
      {props.asCitizen ? <p className="small muted">{t('accesses.onlyYours')}</p> : null}
    </>
  );
}
