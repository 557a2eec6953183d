import { defineErrorArea } from '@lienthong/errors';

/**
 * Refusals of the checkpoint witness. A checkpoint that would make the witness vouch for a
 * rewritten history is dead-lettered and never cosigned; those are `error`: someone with the
 * AUDIT/log key, or the operator of the audit database, tried to roll the log back or fork it.
 */
export const WitnessErrorCode = {
  WITNESS_CHECKPOINT_FOREIGN: {
    httpStatus: 403,
    retryable: false,
    logLevel: 'warn',
    title: 'A checkpoint on the bus was not published by AUDIT/log',
  },
  WITNESS_CHECKPOINT_INVALID: {
    httpStatus: 422,
    retryable: false,
    logLevel: 'error',
    title: 'A checkpoint is malformed or its signature does not verify against AUDIT/log',
  },
  WITNESS_ROLLBACK: {
    httpStatus: 409,
    retryable: false,
    logLevel: 'error',
    title: 'A checkpoint is smaller than one already witnessed: the log was rolled back',
  },
  WITNESS_INCONSISTENT: {
    httpStatus: 409,
    retryable: false,
    logLevel: 'error',
    title: 'A checkpoint is not an extension of the one already witnessed: the log was forked',
  },
  WITNESS_CONSISTENCY_UNPROVEN: {
    httpStatus: 422,
    retryable: false,
    logLevel: 'error',
    title: 'A larger checkpoint came without a consistency proof from the one already witnessed',
  },
  WITNESS_PROOF_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title:
      'A checkpoint came without a proof from the one witnessed and the log did not supply it yet; it will be delivered again',
  },
  WITNESS_STORE_FAILED: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The witnessed checkpoint could not be stored; it will be delivered again',
  },
  WITNESS_COSIGN_FAILED: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The cosignature could not be published; it will be retried',
  },
} as const;

/** Error of the checkpoint witness. */
export class WitnessError extends defineErrorArea('WitnessError', WitnessErrorCode) {}

/** Code union of {@link WitnessError}. */
export type WitnessErrorCodeName = keyof typeof WitnessErrorCode;
