import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { trustClient } from '../../api/clients';
import {
  certificatesControllerRevoke,
  membersControllerSuspend,
  type CertificatesControllerListResponse,
  type MembersControllerListResponse,
} from '../../api/generated/trust';
import { ProblemMessage } from '../../components/problem-message';

type Member = MembersControllerListResponse[number];
type Certificate = CertificatesControllerListResponse[number];

/** RFC 5280 reasons an operator may give (the configuration publishes the code). */
const REVOCATION_REASONS = [
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
  'cACompromise',
  'unspecified',
] as const;

/** Query keys of the trust registry's lists (a change refreshes them). */
export const MEMBERS_KEY = ['trust', 'members'] as const;
export const CERTIFICATES_KEY = ['trust', 'certificates'] as const;

/** Suspends a member: a reason (required) and an optional end. */
export function SuspendForm(props: { member: Member; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const suspend = useMutation({
    mutationFn: async () =>
      (
        await membersControllerSuspend({
          client: trustClient,
          throwOnError: true,
          path: { code: props.member.code },
          body: {
            reason: reason.trim(),
            ...(until ? { until: new Date(until).toISOString() } : {}),
          },
        })
      ).data,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: MEMBERS_KEY });
      props.onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) {
      suspend.mutate();
    }
  };
  return (
    <form className="form inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('operator.members.suspendReason')}</label>
        <textarea
          id={`${id}-reason`}
          required
          maxLength={512}
          rows={2}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-until`}>{t('operator.members.suspendUntil')}</label>
        <input
          id={`${id}-until`}
          type="datetime-local"
          value={until}
          onChange={(event) => setUntil(event.target.value)}
          aria-describedby={`${id}-until-hint`}
        />
        <p className="hint" id={`${id}-until-hint`}>
          {t('operator.members.suspendUntilHint')}
        </p>
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={suspend.isPending}>
          {t('operator.members.suspendConfirm', { member: props.member.code })}
        </button>
        <button type="button" className="button" onClick={props.onDone}>
          {t('operator.cancel')}
        </button>
      </div>
      {suspend.isError ? <ProblemMessage error={suspend.error} /> : null}
    </form>
  );
}

/** Revokes a certificate: an RFC 5280 reason and an optional note. */
export function RevokeForm(props: { certificate: Certificate; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const [reason, setReason] = useState<(typeof REVOCATION_REASONS)[number]>('keyCompromise');
  const [note, setNote] = useState('');
  const revoke = useMutation({
    mutationFn: async () =>
      (
        await certificatesControllerRevoke({
          client: trustClient,
          throwOnError: true,
          path: { thumbprint: props.certificate.thumbprint },
          body: { reason, ...(note.trim() ? { note: note.trim() } : {}) },
        })
      ).data,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CERTIFICATES_KEY });
      props.onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate();
  };
  return (
    <form className="form inline-form" onSubmit={submit}>
      <p>{t('operator.certificates.revokeWarning')}</p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('operator.certificates.revokeReason')}</label>
        <select
          id={`${id}-reason`}
          value={reason}
          onChange={(event) => setReason(event.target.value as (typeof REVOCATION_REASONS)[number])}
        >
          {REVOCATION_REASONS.map((code) => (
            <option key={code} value={code}>
              {t(`operator.certificates.reasons.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('operator.certificates.revokeNote')}</label>
        <textarea
          id={`${id}-note`}
          maxLength={512}
          rows={2}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={revoke.isPending}>
          {t('operator.certificates.revokeConfirm')}
        </button>
        <button type="button" className="button" onClick={props.onDone}>
          {t('operator.cancel')}
        </button>
      </div>
      {revoke.isError ? <ProblemMessage error={revoke.error} /> : null}
    </form>
  );
}
