/** Injection tokens of the audit service (style G8: Symbols, never strings). */
export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
export const AUDIT_LOG_STORE = Symbol('AUDIT_LOG_STORE');

/** Message type of a signed checkpoint on the bus (schemas/audit/checkpoint/v1). */
export const CHECKPOINT_TYPE = 'urn:lienthong:audit:checkpoint:1';
/** Durable consumer of LT_AUDIT. */
export const AUDIT_CONSUMER = 'AUDIT';
export const AUDIT_TOKEN_VERIFIER = Symbol('AUDIT_TOKEN_VERIFIER');
export const AUDIT_RECORD_QUERIES = Symbol('AUDIT_RECORD_QUERIES');
