/** Injection token of the validated TrustConfig. */
export const TRUST_CONFIG = Symbol('TRUST_CONFIG');
