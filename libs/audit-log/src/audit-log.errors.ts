import { defineErrorArea } from '@lienthong/errors';

/**
 * Every way a log, a checkpoint or an evidence bundle can fail verification. Each failure an
 * auditor may meet has its own code so that a report names the problem (tampered byte, dropped
 * record, reordering, rollback) instead of a generic "invalid".
 */
export const AuditLogErrorCode = {
  AUDIT_RECORD_INVALID: { httpStatus: 400, retryable: false, title: 'Audit record is invalid' },
  AUDIT_RECORD_TAMPERED: {
    httpStatus: 422,
    retryable: false,
    title: 'An audit record differs from what the log signed',
  },
  AUDIT_RECORD_MISSING: {
    httpStatus: 422,
    retryable: false,
    title: 'An audit record was dropped from the log',
  },
  AUDIT_INCLUSION_INVALID: {
    httpStatus: 422,
    retryable: false,
    title: 'Inclusion proof does not lead to the signed root',
  },
  AUDIT_CONSISTENCY_INVALID: {
    httpStatus: 422,
    retryable: false,
    title: 'Consistency proof does not link the two roots',
  },
  AUDIT_PROOF_RANGE_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'Proof requested outside the tree',
  },
  AUDIT_CHECKPOINT_MALFORMED: {
    httpStatus: 422,
    retryable: false,
    title: 'Checkpoint is malformed',
  },
  AUDIT_CHECKPOINT_SIGNATURE_INVALID: {
    httpStatus: 422,
    retryable: false,
    title: 'Checkpoint signature is invalid',
  },
  AUDIT_CHECKPOINT_SIGNER_INVALID: {
    httpStatus: 422,
    retryable: false,
    title: 'Checkpoint was not signed by AUDIT/log',
  },
  AUDIT_CERT_UNTRUSTED: {
    httpStatus: 422,
    retryable: false,
    title: 'Signer certificate does not chain to the bus CA',
  },
  AUDIT_LOG_TRUNCATED: {
    httpStatus: 422,
    retryable: false,
    title: 'The log holds fewer records than a checkpoint it signed',
  },
  AUDIT_LOG_REORDERED: {
    httpStatus: 422,
    retryable: false,
    title: 'Audit records are out of order',
  },
  AUDIT_LOG_ROLLED_BACK: {
    httpStatus: 422,
    retryable: false,
    title: 'The log went back to an older, smaller state',
  },
  AUDIT_LOG_INCONSISTENT: {
    httpStatus: 422,
    retryable: false,
    title: 'Two checkpoints describe incompatible histories',
  },
  AUDIT_COSIGNATURE_INVALID: {
    httpStatus: 422,
    retryable: false,
    title: 'A witness cosignature is malformed, about another checkpoint, or does not verify',
  },
  AUDIT_COSIGNER_INVALID: {
    httpStatus: 422,
    retryable: false,
    title: 'A cosignature was not made by a witnessing member system',
  },
  AUDIT_COSIGNATURES_INSUFFICIENT: {
    httpStatus: 422,
    retryable: false,
    title: 'Fewer witnesses than required cosigned the checkpoint',
  },
  AUDIT_BUNDLE_MALFORMED: {
    httpStatus: 400,
    retryable: false,
    title: 'Evidence bundle is malformed',
  },
} as const;

/** Error of the audit-log area (Merkle proofs, checkpoints, offline verification). */
export class AuditLogError extends defineErrorArea('AuditLogError', AuditLogErrorCode) {}

/** Code union of {@link AuditLogError}. */
export type AuditLogErrorCodeName = keyof typeof AuditLogErrorCode;
