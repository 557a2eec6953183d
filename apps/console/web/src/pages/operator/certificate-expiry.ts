/** How far ahead the operator is warned of a certificate's end (issue 13: 60 days). */
export const EXPIRY_WARNING_DAYS = 60;

const DAY_MS = 86_400_000;

/** A certificate's state as the members page shows it. */
export type CertificateState =
  | { readonly kind: 'revoked' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'notYetValid' }
  | { readonly kind: 'expiring'; readonly days: number }
  | { readonly kind: 'valid'; readonly days: number };

/**
 * Classifies a certificate at `now`: revoked first, then outside its validity, then expiring
 * when it ends within {@link EXPIRY_WARNING_DAYS} days (counted in whole days, rounded up, so a
 * certificate ending in 3 hours is "1 day" away).
 */
export function certificateState(
  certificate: { readonly status: string; readonly notBefore: string; readonly notAfter: string },
  now: Date,
): CertificateState {
  if (certificate.status === 'revoked') {
    return { kind: 'revoked' };
  }
  const end = Date.parse(certificate.notAfter);
  if (end <= now.getTime()) {
    return { kind: 'expired' };
  }
  if (Date.parse(certificate.notBefore) > now.getTime()) {
    return { kind: 'notYetValid' };
  }
  const days = Math.ceil((end - now.getTime()) / DAY_MS);
  return days <= EXPIRY_WARNING_DAYS ? { kind: 'expiring', days } : { kind: 'valid', days };
}
