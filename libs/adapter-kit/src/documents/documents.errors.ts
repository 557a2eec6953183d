import { defineErrorArea } from '@lienthong/errors';

/** Codes of the official-document exchange (issue 5); each refusal has its own stable code. */
export const DocumentErrorCode = {
  DOCUMENT_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'No such document' },
  DOCUMENT_METADATA_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The document metadata is missing or invalid',
  },
  DOCUMENT_MAIN_FILE_MISSING: {
    httpStatus: 400,
    retryable: false,
    title: 'The main file of the document is missing',
  },
  DOCUMENT_UPLOAD_TOO_LARGE: {
    httpStatus: 413,
    retryable: false,
    title: 'A file or the upload exceeds the configured size limit',
  },
  DOCUMENT_UPLOAD_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The multipart upload is malformed or has unexpected parts',
  },
  DOCUMENT_RECIPIENT_UNKNOWN: {
    httpStatus: 400,
    retryable: false,
    title: 'A recipient is not a registered member with an organ id',
  },
  DOCUMENT_SENDER_UNREGISTERED: {
    httpStatus: 409,
    retryable: false,
    title: 'This agency has no organ id in the global configuration',
  },
  DOCUMENT_TARGET_UNKNOWN: {
    httpStatus: 400,
    retryable: false,
    title: 'The document to revoke, update or replace is not one this agency sent',
  },
  DOCUMENT_SENDER_NOT_ALLOWED: {
    httpStatus: 403,
    retryable: false,
    title: 'The sender may not send official documents to this agency',
  },
  DOCUMENT_SENDER_MISMATCH: {
    httpStatus: 400,
    retryable: false,
    title: 'The package sender is not the member that signed the delivery',
  },
  DOCUMENT_RECIPIENT_MISMATCH: {
    httpStatus: 400,
    retryable: false,
    title: 'The package is not addressed to this agency',
  },
  DOCUMENT_DELIVERY_MISMATCH: {
    httpStatus: 400,
    retryable: false,
    title: 'The delivery hints disagree with the signed package',
  },
  DOCUMENT_ATTACHMENT_MISSING: {
    httpStatus: 400,
    retryable: false,
    title: 'An attachment listed in the manifest is not in the object store',
  },
  DOCUMENT_ID_REUSED: {
    httpStatus: 409,
    retryable: false,
    title:
      'This sender already sent another package with this DocumentId (only a revoke, update or replace may reuse one)',
  },
  DOCUMENT_RESENT: {
    httpStatus: 409,
    retryable: false,
    title:
      'The same signed package was received before in another envelope: kept apart and answered with the state of the copy held',
  },
  DOCUMENT_STATUS_UNBOUND: {
    httpStatus: 400,
    retryable: false,
    title: 'The status names a document this agency does not hold for that party',
  },
  DOCUMENT_STATUS_NOT_YOURS: {
    httpStatus: 403,
    retryable: false,
    title: 'This status code is sent by the other party of the document',
  },
  DOCUMENT_TRANSITION_INVALID: {
    httpStatus: 409,
    retryable: false,
    title: 'This status does not follow the current status of the document',
  },
  DOCUMENT_REASON_REQUIRED: {
    httpStatus: 400,
    retryable: false,
    title: 'This status needs a reason (description)',
  },
  DOCUMENT_NOT_AVAILABLE: {
    httpStatus: 410,
    retryable: false,
    title: 'The document was revoked, replaced or taken back and is no longer valid here',
  },
  DOCUMENT_QUERY_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'A list filter or paging value is invalid',
  },
  DOCUMENT_INBOX_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The document inbox consumer is missing and cannot be created by this adapter',
  },
} as const;

/** Errors of the official-document exchange. */
export class DocumentError extends defineErrorArea('DocumentError', DocumentErrorCode) {}
