import { defineErrorArea } from '@lienthong/errors';

/**
 * Every rejection of a bus envelope, one stable code per check of the verification order
 * (docs/protocol.md §Verification). None is retryable: the same bytes fail the same way again.
 */
export const EnvelopeErrorCode = {
  ENVELOPE_TOO_LARGE: {
    httpStatus: 413,
    retryable: false,
    title: 'Envelope exceeds the size limit',
  },
  ENVELOPE_SIGNATURE_MISSING: {
    httpStatus: 401,
    retryable: false,
    title: 'Envelope has no signature',
  },
  ENVELOPE_JWS_TYPE_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'JWS typ is not a bus message',
  },
  ENVELOPE_NOT_JSON: { httpStatus: 400, retryable: false, title: 'Envelope is not UTF-8 JSON' },
  ENVELOPE_NOT_CANONICAL: {
    httpStatus: 400,
    retryable: false,
    title: 'Envelope is not RFC 8785 canonical JSON',
  },
  ENVELOPE_SCHEMA_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'Envelope does not match the envelope schema',
  },
  ENVELOPE_SENDER_MISMATCH: {
    httpStatus: 401,
    retryable: false,
    title: 'Signing certificate does not belong to the sender',
  },
  ENVELOPE_SENDER_SUSPENDED: {
    httpStatus: 403,
    retryable: false,
    title: 'The sending member is suspended',
  },
  ENVELOPE_RECIPIENT_SUSPENDED: {
    httpStatus: 403,
    retryable: false,
    title: 'The receiving member is suspended; nothing was sent',
  },
  ENVELOPE_RECIPIENT_MISMATCH: {
    httpStatus: 400,
    retryable: false,
    title: 'Envelope is addressed to someone else',
  },
  ENVELOPE_HEADER_MISMATCH: {
    httpStatus: 400,
    retryable: false,
    title: 'Transport headers disagree with the signed body',
  },
  ENVELOPE_EXPIRED: { httpStatus: 400, retryable: false, title: 'Envelope has expired' },
  ENVELOPE_NOT_YET_VALID: {
    httpStatus: 400,
    retryable: false,
    title: 'Envelope is issued in the future',
  },
  ENVELOPE_LIFETIME_TOO_LONG: {
    httpStatus: 400,
    retryable: false,
    title: 'Envelope lifetime exceeds the bus maximum',
  },
  ENVELOPE_LIFETIME_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'Envelope expires before it is issued',
  },
  ENVELOPE_TYPE_UNEXPECTED: {
    httpStatus: 400,
    retryable: false,
    title: 'Message type is not expected here',
  },
  ENVELOPE_REQUEST_MISMATCH: {
    httpStatus: 400,
    retryable: false,
    title: 'Reply is not bound to the request',
  },
  ENVELOPE_REPLAYED: { httpStatus: 409, retryable: false, title: 'Envelope was already received' },
  ENVELOPE_REPLY_UNADDRESSABLE: {
    httpStatus: 400,
    retryable: false,
    title: 'Request carries no sender to reply to',
  },
  PAYLOAD_TYPE_UNKNOWN: { httpStatus: 400, retryable: false, title: 'Message type is unknown' },
} as const;

/** Error of libs/envelope; `code` is one of {@link EnvelopeErrorCode}. */
export class EnvelopeError extends defineErrorArea('EnvelopeError', EnvelopeErrorCode) {}
