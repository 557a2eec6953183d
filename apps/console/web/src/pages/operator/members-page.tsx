import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trustClient } from '../../api/clients';
import {
  certificatesControllerList,
  membersControllerList,
  membersControllerReinstate,
  type CertificatesControllerListResponse,
  type MembersControllerListResponse,
} from '../../api/generated/trust';
import { ProblemMessage } from '../../components/problem-message';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import { certificateState, EXPIRY_WARNING_DAYS } from './certificate-expiry';
import { CERTIFICATES_KEY, MEMBERS_KEY, RevokeForm, SuspendForm } from './member-forms';

type Member = MembersControllerListResponse[number];
type Certificate = CertificatesControllerListResponse[number];

function useRegistry() {
  const members = useQuery({
    queryKey: MEMBERS_KEY,
    queryFn: async () =>
      (await membersControllerList({ client: trustClient, throwOnError: true })).data,
  });
  const certificates = useQuery({
    queryKey: CERTIFICATES_KEY,
    queryFn: async () =>
      (await certificatesControllerList({ client: trustClient, throwOnError: true })).data,
  });
  return { members, certificates };
}

function CertificateStateText(props: { certificate: Certificate; now: Date }) {
  const { t } = useTranslation();
  const { certificate } = props;
  const state = certificateState(certificate, props.now);
  switch (state.kind) {
    case 'revoked':
      return (
        <>
          <span className="tag bad">{t('operator.certificates.revoked')}</span>{' '}
          {t('operator.certificates.revokedDetail', {
            time: formatDateTime(certificate.revokedAt),
            reason: t(`operator.certificates.reasons.${certificate.reason ?? 'unspecified'}`),
            by: certificate.revokedBy ?? '—',
          })}
          {certificate.note ? <span className="block">“{certificate.note}”</span> : null}
        </>
      );
    case 'expired':
      return <span className="tag bad">{t('operator.certificates.expired')}</span>;
    case 'notYetValid':
      return <span className="tag pending">{t('operator.certificates.notYetValid')}</span>;
    case 'expiring':
      return (
        <span className="tag warn">
          {t('operator.certificates.expiring', { count: state.days })}
        </span>
      );
    case 'valid':
      return (
        <span className="tag ok">{t('operator.certificates.valid', { count: state.days })}</span>
      );
  }
}

function CertificateRows(props: { certificates: Certificate[]; now: Date }) {
  const { t } = useTranslation();
  const [revoking, setRevoking] = useState<string | undefined>();
  if (props.certificates.length === 0) {
    return <p>{t('operator.certificates.none')}</p>;
  }
  return (
    <table className="data-table">
      <caption className="visually-hidden">{t('operator.certificates.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('operator.certificates.subsystem')}</th>
          <th scope="col">{t('operator.certificates.serial')}</th>
          <th scope="col">{t('operator.certificates.validity')}</th>
          <th scope="col">{t('operator.certificates.state')}</th>
          <th scope="col">{t('operator.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.certificates.map((certificate) => (
          <tr key={certificate.thumbprint} data-thumbprint={certificate.thumbprint}>
            <td>{certificate.subsystem}</td>
            <td>
              <code title={certificate.thumbprint}>{certificate.serialNumber.slice(0, 16)}</code>
            </td>
            <td>
              {formatDateTime(certificate.notBefore)} – {formatDateTime(certificate.notAfter)}
            </td>
            <td>
              <CertificateStateText certificate={certificate} now={props.now} />
            </td>
            <td>
              {certificate.status === 'active' && revoking !== certificate.thumbprint ? (
                <button
                  type="button"
                  className="button"
                  aria-label={t('operator.certificates.revokeLabel', {
                    member: certificate.member,
                    subsystem: certificate.subsystem,
                    serial: certificate.serialNumber.slice(0, 16),
                  })}
                  onClick={() => setRevoking(certificate.thumbprint)}
                >
                  {t('operator.certificates.revoke')}
                </button>
              ) : null}
              {revoking === certificate.thumbprint ? (
                <RevokeForm certificate={certificate} onDone={() => setRevoking(undefined)} />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MemberCard(props: { member: Member; certificates: Certificate[]; now: Date }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { member } = props;
  const [suspending, setSuspending] = useState(false);
  const reinstate = useMutation({
    mutationFn: async () =>
      (
        await membersControllerReinstate({
          client: trustClient,
          throwOnError: true,
          path: { code: member.code },
        })
      ).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MEMBERS_KEY }),
  });
  const headingId = `member-${member.code}`;
  return (
    <section className="card member" aria-labelledby={headingId} data-member={member.code}>
      <h2 id={headingId}>
        {member.code} — {member.name}{' '}
        {member.status === 'suspended' ? (
          <span className="tag bad">{t('operator.members.suspended')}</span>
        ) : (
          <span className="tag ok">{t('operator.members.active')}</span>
        )}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('operator.members.organId')}</dt>
          <dd>{member.organId ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('operator.members.subsystems')}</dt>
          <dd>{member.subsystems.length > 0 ? member.subsystems.join(', ') : '—'}</dd>
        </div>
        {member.suspension ? (
          <>
            <div>
              <dt>{t('operator.members.suspensionReason')}</dt>
              <dd data-testid="suspension-reason">{member.suspension.reason}</dd>
            </div>
            <div>
              <dt>{t('operator.members.suspensionSince')}</dt>
              <dd>
                {t('operator.members.suspensionBy', {
                  time: formatDateTime(member.suspension.since),
                  by: member.suspension.suspendedBy,
                })}
              </dd>
            </div>
            <div>
              <dt>{t('operator.members.suspensionUntil')}</dt>
              <dd>
                {member.suspension.until
                  ? formatDateTime(member.suspension.until)
                  : t('operator.members.untilReinstated')}
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      <div className="actions">
        {member.status === 'suspended' ? (
          <button
            type="button"
            className="button"
            disabled={reinstate.isPending}
            onClick={() => reinstate.mutate()}
          >
            {t('operator.members.reinstate', { member: member.code })}
          </button>
        ) : !suspending ? (
          <button type="button" className="button" onClick={() => setSuspending(true)}>
            {t('operator.members.suspend', { member: member.code })}
          </button>
        ) : null}
      </div>
      {reinstate.isError ? <ProblemMessage error={reinstate.error} /> : null}
      {suspending && member.status !== 'suspended' ? (
        <SuspendForm member={member} onDone={() => setSuspending(false)} />
      ) : null}
      <h3>{t('operator.certificates.title')}</h3>
      <CertificateRows certificates={props.certificates} now={props.now} />
    </section>
  );
}

/**
 * Item 5 of issue 13: every member of the bus with its subsystems and certificates, certificates
 * ending within 60 days flagged, suspension (with a reason and an optional end) and reinstatement
 * of members, revocation of certificates with an RFC 5280 reason and a note — all through the
 * trust service's operator API, which records who did it. No personal data is on this page.
 */
export function MembersPage() {
  const { t } = useTranslation();
  usePageTitle(t('operator.members.title'));
  const { members, certificates } = useRegistry();
  const now = new Date();
  if (members.isPending || certificates.isPending) {
    return (
      <section>
        <h1>{t('operator.members.title')}</h1>
        <p role="status">{t('common.loading')}</p>
      </section>
    );
  }
  if (members.isError || certificates.isError) {
    return (
      <section>
        <h1>{t('operator.members.title')}</h1>
        <ProblemMessage error={members.error ?? certificates.error} />
      </section>
    );
  }
  const all = { members: members.data, certificates: certificates.data };
  const expiring = all.certificates.filter(
    (certificate) => certificateState(certificate, now).kind === 'expiring',
  );
  return (
    <section>
      <h1>{t('operator.members.title')}</h1>
      <p className="lead">{t('operator.members.lead')}</p>
      <p
        className={expiring.length > 0 ? 'notice' : 'summary'}
        data-testid="expiry-summary"
        role="status"
      >
        {expiring.length > 0
          ? t('operator.certificates.expiringSummary', {
              count: expiring.length,
              days: EXPIRY_WARNING_DAYS,
            })
          : t('operator.certificates.noneExpiring', { days: EXPIRY_WARNING_DAYS })}
      </p>
      {all.members.map((member) => (
        <MemberCard
          key={member.code}
          member={member}
          certificates={all.certificates.filter((c) => c.member === member.code)}
          now={now}
        />
      ))}
    </section>
  );
}
