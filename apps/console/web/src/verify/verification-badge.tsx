import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { consoleFetch } from '../api/session';
import type { EvidenceVerdict } from './lookup-evidence';

/** The bus root certificate, from the console's own configuration (not from any adapter). */
export function useBusRoot() {
  return useQuery({
    queryKey: ['bus-root'],
    queryFn: async () => (await consoleFetch('/api/bus-root')).text(),
    staleTime: Infinity,
  });
}

/**
 * Verifies evidence in this browser (the verifier loads on first use) and shows the verdict:
 * green with the signer when every check passed, red with the code of the first that failed.
 */
export function useVerdict(key: string, evidence: unknown) {
  const root = useBusRoot();
  return useQuery({
    queryKey: ['verdict', key],
    enabled: root.data !== undefined && evidence !== undefined,
    queryFn: async (): Promise<EvidenceVerdict> => {
      const { verifyLookupEvidence } = await import('./lookup-evidence');
      return verifyLookupEvidence(evidence, root.data as string);
    },
    staleTime: Infinity,
  });
}

export function VerificationBadge(props: {
  verdict: EvidenceVerdict | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation();
  if (props.pending || !props.verdict) {
    return (
      <p className="badge pending" role="status" data-verdict="pending">
        {t('verify.pending')}
      </p>
    );
  }
  const { verdict } = props;
  if (verdict.verified) {
    return (
      <div className="badge ok" role="status" data-verdict="verified">
        <strong>✓ {t('verify.verified')}</strong>
        <span>{t('verify.signedBy', { provider: verdict.provider })}</span>
        <span className="small">
          {t('verify.certificate')} <code>{verdict.certificate.slice(0, 16)}…</code>
        </span>
      </div>
    );
  }
  return (
    <div className="badge bad" role="alert" data-verdict="refused">
      <strong>✗ {t('verify.refused')}</strong>
      <span>{t(`verify.codes.${verdict.code}`, { defaultValue: verdict.message })}</span>
      <span className="small">
        {t('problems.code')} <code>{verdict.code}</code>
      </span>
    </div>
  );
}
