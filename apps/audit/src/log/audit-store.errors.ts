import { defineErrorArea } from '@lienthong/errors';

/** Failures of the audit log store (the PostgreSQL side of the log). */
export const AuditStoreErrorCode = {
  AUDIT_STORE_NODE_MISSING: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'A subtree hash the log must hold is missing',
  },
  AUDIT_STORE_RECORD_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'No audit record with this id',
  },
  AUDIT_STORE_NO_CHECKPOINT: {
    httpStatus: 409,
    retryable: true,
    title: 'No checkpoint covers this record yet',
  },
} as const;

/** Error of the audit log store. */
export class AuditStoreError extends defineErrorArea('AuditStoreError', AuditStoreErrorCode) {}
