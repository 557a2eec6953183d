import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adapterClient } from '../../api/clients';
import { profilesControllerCitizen } from '../../api/generated/adapter';
import { ProblemError } from '../../api/problem';
import type { Person } from '../../api/session';
import { checkPersonalId } from '../../components/identifier';
import { IdentifierInput } from '../../components/identifier-input';
import { ProblemMessage } from '../../components/problem-message';
import { RecordView } from '../../components/record-view';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import { canonicalJson } from '../../verify/canonical-json';
import { VerificationBadge, useVerdict } from '../../verify/verification-badge';
import '../dossiers/dossiers.css';
import { useCatalog } from './catalog';
import { downloadJson } from './lookup-result';
import {
  PurposeFields,
  effectiveProcedure,
  emptyPurpose,
  type PurposeInput,
} from './purpose-fields';

/** One part of a composite profile (libs/schema CitizenProfileResponseV1). */
interface ProfilePart {
  readonly provider: {
    readonly member: string;
    readonly subsystem: string;
    readonly service: string;
  };
  readonly status: 'OK' | 'ERROR';
  readonly envelope?: { readonly id: string; readonly issuedAt: string; readonly payload: unknown };
  readonly signature?: string;
  readonly certificates?: readonly string[];
  readonly error?: { readonly code: string; readonly message: string; readonly retryable: boolean };
}

function base64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A part as look-up evidence (the JSON `lt verify` accepts): the provider signed the canonical
 * bytes of its envelope, so they are rebuilt here from the envelope as received and checked in
 * this browser against the bus root, independently of the adapter that gathered the parts.
 */
export function partEvidence(part: ProfilePart) {
  return {
    evidence: {
      provider: { member: part.provider.member, subsystem: part.provider.subsystem },
      requestId: '',
      responseId: part.envelope?.id ?? '',
      response: {
        body: base64Url(canonicalJson(part.envelope)),
        encoding: 'base64url' as const,
        signature: part.signature ?? '',
      },
      certificates: part.certificates ?? [],
    },
  };
}

function PartView(props: { part: ProfilePart; index: number }) {
  const { t } = useTranslation();
  const { part } = props;
  const evidence = part.status === 'OK' ? partEvidence(part) : undefined;
  const verdict = useVerdict(`profile-${part.envelope?.id ?? props.index}`, evidence);
  const payload = part.envelope?.payload as
    { status?: string; record?: Record<string, unknown> } | undefined;
  const titleId = `part-${props.index}`;
  return (
    <article
      className="card result"
      aria-labelledby={titleId}
      data-testid="profile-part"
      data-provider={part.provider.member}
    >
      <h2 id={titleId}>
        {t(`services.${part.provider.member}`, part.provider.member)}
        <span className="muted small">
          {' '}
          — {t(`catalog.${part.provider.service}`, part.provider.service)}
        </span>
      </h2>
      {part.status === 'OK' && evidence ? (
        <>
          <VerificationBadge verdict={verdict.data} pending={verdict.isPending} />
          <dl className="facts">
            <div>
              <dt>{t('lookup.provider')}</dt>
              <dd>
                {part.provider.member}/{part.provider.subsystem}
              </dd>
            </div>
            <div>
              <dt>{t('lookup.time')}</dt>
              <dd>{formatDateTime(part.envelope?.issuedAt)}</dd>
            </div>
          </dl>
          {payload?.status === 'FOUND' && payload.record ? (
            <RecordView record={payload.record} />
          ) : (
            <p className="notice" role="status">
              {t('lookup.notFound')}
            </p>
          )}
          <button
            type="button"
            className="button"
            onClick={() =>
              downloadJson(
                `profile-${part.provider.member}-${part.envelope?.id ?? ''}.json`,
                evidence,
              )
            }
          >
            {t('lookup.download')}
          </button>
        </>
      ) : (
        <ProblemMessage
          title={t('profile.partFailed')}
          error={
            new ProblemError(part.error?.code ?? 'INTERNAL_ERROR', 0, part.error?.message ?? '')
          }
        />
      )}
    </article>
  );
}

/**
 * Flow 2: the composite citizen profile. One request through this agency's adapter asks every
 * registry the agency may ask for the procedure, in parallel; each registry's part shows its own
 * signature verdict (computed here) or its own error, so one registry down spoils only its part.
 */
export function ProfilePage(props: { person: Person }) {
  const { t } = useTranslation();
  usePageTitle(t('profile.title'));
  const member = props.person.member ?? '';
  const catalog = useCatalog(member);
  const [purpose, setPurpose] = useState<PurposeInput>(emptyPurpose);
  const [personalId, setPersonalId] = useState('');
  // the procedures some registry may be asked for; first the one that asks the most of them
  const personServices = (catalog.data?.services ?? []).filter(
    (s) => s.queryField === 'personalId' && s.provider.member !== member,
  );
  const reach = new Map<string, number>();
  for (const code of personServices.flatMap((s) => s.purposes)) {
    reach.set(code, (reach.get(code) ?? 0) + 1);
  }
  const procedures = [...reach.keys()].sort((a, b) => (reach.get(b) ?? 0) - (reach.get(a) ?? 0));
  const procedure = effectiveProcedure(procedures, purpose.procedure);
  const profile = useMutation({
    mutationFn: async () => {
      const { data } = await profilesControllerCitizen({
        client: adapterClient(member),
        body: { purpose: { ...purpose, procedure }, query: { personalId } },
      });
      return { parts: (data as { parts: ProfilePart[] }).parts, at: Date.now() };
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checkPersonalId(personalId).state === 'valid') {
      profile.mutate();
    }
  };
  if (catalog.isError) {
    return (
      <section>
        <h1>{t('profile.title')}</h1>
        <ProblemMessage error={catalog.error} />
      </section>
    );
  }
  return (
    <section>
      <h1>{t('profile.title')}</h1>
      <p className="lead">{t('profile.lead')}</p>
      <form className="form card" onSubmit={submit} aria-busy={catalog.isPending}>
        <PurposeFields procedures={procedures} value={purpose} onChange={setPurpose} />
        <IdentifierInput
          name="personalId"
          label={t('fields.personalId')}
          value={personalId}
          onChange={setPersonalId}
          check={checkPersonalId}
          required
        />
        <button type="submit" className="button primary" disabled={profile.isPending}>
          {profile.isPending ? t('lookup.asking') : t('profile.submit')}
        </button>
      </form>
      {profile.isError ? <ProblemMessage error={profile.error} title={t('lookup.failed')} /> : null}
      {profile.data ? (
        <div key={profile.data.at} data-testid="profile-parts">
          {profile.data.parts.map((part, index) => (
            <PartView
              key={`${part.provider.member}-${part.provider.service}`}
              part={part}
              index={index}
            />
          ))}
        </div>
      ) : null}
    </section>
  );
}
