import { defineErrorArea } from '@lienthong/errors';

/** Refusals of the audit service: ingestion from LT_AUDIT and its HTTP API. */
export const AuditErrorCode = {
  AUDIT_RECORDER_NOT_PARTY: {
    httpStatus: 403,
    retryable: false,
    logLevel: 'warn',
    title:
      'The signer of an audit record may not record that message (not its sender, recipient, an event subscriber with the right, nor the refusing receiver)',
  },
  AUDIT_RECORDER_MISMATCH: {
    httpStatus: 403,
    retryable: false,
    logLevel: 'warn',
    title: 'An audit record names another recorder than the signer of its batch',
  },
  AUDIT_CHECKPOINT_FOREIGN: {
    httpStatus: 403,
    retryable: false,
    logLevel: 'warn',
    title: 'A checkpoint on the bus was not signed by AUDIT/log',
  },
  AUDIT_APPEND_FAILED: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The audit log could not be written; the records will be delivered again',
  },
  AUDIT_QUERY_INVALID: { httpStatus: 400, retryable: false, title: 'A query parameter is invalid' },
  AUDIT_MESSAGE_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'No audit record is about this message or correlation',
  },
  AUDIT_CHECKPOINT_NONE: {
    httpStatus: 404,
    retryable: false,
    title: 'The log has not signed a checkpoint yet',
  },
  AUDIT_SUBJECT_FORBIDDEN: {
    httpStatus: 403,
    retryable: false,
    logLevel: 'warn',
    title: 'A citizen may only see the accesses to their own data',
  },
  AUDIT_SUBJECT_ID_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The personal id is malformed (length, province code or century)',
  },
} as const;

/** Error of the audit service. */
export class AuditError extends defineErrorArea('AuditError', AuditErrorCode) {}
