import { defineErrorArea } from '@lienthong/errors';

export const AdapterErrorCode = {
  ACCESS_DENIED: { httpStatus: 403, retryable: false, title: 'No access right for this service' },
  ACCESS_PURPOSE_MISSING: { httpStatus: 400, retryable: false, title: 'The purpose is missing' },
  ACCESS_PURPOSE_NOT_ALLOWED: {
    httpStatus: 403,
    retryable: false,
    title: 'The purpose is not allowed for this service',
  },
  LOOKUP_SERVICE_UNKNOWN: { httpStatus: 404, retryable: false, title: 'No such service' },
  LOOKUP_REFUSED: { httpStatus: 502, retryable: false, title: 'The provider refused the look-up' },
  LOOKUP_OVERLOADED: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title: 'Too many look-ups under way at this adapter',
  },
  LOOKUP_PROVIDER_UNAVAILABLE: {
    httpStatus: 504,
    retryable: true,
    logLevel: 'warn',
    title: 'The provider did not answer in time',
  },
  LOOKUP_REPLY_INVALID: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'The reply failed verification',
  },
  LOOKUP_REQUEST_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The look-up request is invalid',
  },
  LOOKUP_SUBJECT_ID_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The identifier is malformed (length, province code or check digit)',
  },
  LOOKUP_SUBJECT_UNDECLARED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'The request schema of the service names no data subject (x-lienthong-subject)',
  },
  AUDIT_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The audit trail cannot be written; nothing was disclosed',
  },
} as const;

/** Errors of the adapter pipeline (access decisions, look-ups, the audit trail). */
export class AdapterError extends defineErrorArea('AdapterError', AdapterErrorCode) {}
