/** Injection token of the validated TrustConfig. */
export const TRUST_CONFIG = Symbol('TRUST_CONFIG');

/** The trust service's party on the bus: its replies come to `_INBOX.<root>.TRUST.central`. */
export const TRUST_PARTY = Object.freeze({ member: 'TRUST', subsystem: 'central' });
