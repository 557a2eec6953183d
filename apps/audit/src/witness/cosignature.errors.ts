import { defineErrorArea } from '@lienthong/errors';

/** Refusals of witness cosignatures arriving on LT_AUDIT (their signature checks keep the codes of libs/audit-log). */
export const CosignatureErrorCode = {
  AUDIT_COSIGNATURE_UNKNOWN_CHECKPOINT: {
    httpStatus: 422,
    retryable: false,
    logLevel: 'error',
    title: 'A witness cosigned a checkpoint this log never signed',
  },
  AUDIT_COSIGNATURE_SIGNER_MISMATCH: {
    httpStatus: 403,
    retryable: false,
    logLevel: 'warn',
    title: 'A cosignature was published by another member system than the one that made it',
  },
} as const;

/** Error of cosignature ingestion. */
export class CosignatureError extends defineErrorArea('CosignatureError', CosignatureErrorCode) {}
