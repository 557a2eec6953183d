import { v7 as uuidv7 } from 'uuid';
import { ERROR_SCHEMA_ID, seal, type ErrorPayload } from '@lienthong/envelope';
import { isAppError, registeredErrorCodes } from '@lienthong/errors';
import { LT_SIGNATURE, lookupSubject, requestBytes } from '@lienthong/messaging';
import {
  CONSISTENCY_PROOF_REQUEST_TYPE,
  CONSISTENCY_PROOF_RESPONSE_TYPE,
  CONSISTENCY_PROOF_SERVICE,
  type ConsistencyProofRequest,
  type ConsistencyProofResponse,
} from '@lienthong/audit-log';
import { AUDIT_LOG_PARTY } from '../core/audit-trail';
import type { BusRuntime } from '../core/bus-runtime';
import { WitnessError } from './witness.errors';
import type { OfferedConsistency } from './witness-verdict';

/** How long the witness waits for the log's answer before the checkpoint is retried later. */
export const LOG_PROOF_TIMEOUT_MS = 5_000;

function unavailable(message: string, cause?: unknown, details?: Record<string, unknown>) {
  return new WitnessError('WITNESS_PROOF_UNAVAILABLE', message, {
    ...(cause === undefined ? {} : { cause }),
    details: details ?? {},
  });
}

/**
 * What the log's signed refusal to prove means for the checkpoint: a retryable code (its database
 * or audit trail is down) is an outage, the checkpoint waits (WITNESS_PROOF_UNAVAILABLE); any
 * other code means the log will not prove that its checkpoint extends the one witnessed
 * (WITNESS_CONSISTENCY_UNPROVEN: dead-lettered and alarmed, never cosigned).
 */
export function proofRefused(asked: ConsistencyProofRequest, code: string): WitnessError {
  if (registeredErrorCodes().get(code)?.retryable === true) {
    return unavailable(`the log could not supply the consistency proof yet: ${code}`, undefined, {
      ...asked,
      reason: code,
    });
  }
  return new WitnessError(
    'WITNESS_CONSISTENCY_UNPROVEN',
    `the log refused to prove size ${asked.toSize} consistent with the witnessed size ${asked.fromSize}: ${code}`,
    { details: { ...asked, reason: code } },
  );
}

/**
 * Asks AUDIT/log, over the bus, for the consistency proof between two sizes of its log (signed
 * request, signed reply bound to it). The answer is only a candidate: the caller verifies it
 * against the two roots (judgeCheckpoint), so a wrong proof is refused there as a fork. When the
 * log cannot be asked, does not answer, or its answer does not verify: WITNESS_PROOF_UNAVAILABLE
 * (retryable), the checkpoint waits and is never cosigned without a proof; a signed refusal is
 * judged by {@link proofRefused}.
 */
export async function requestLogConsistencyProof(
  bus: BusRuntime,
  asked: ConsistencyProofRequest,
): Promise<OfferedConsistency> {
  const sealed = seal(
    {
      type: CONSISTENCY_PROOF_REQUEST_TYPE,
      id: uuidv7(),
      recipient: AUDIT_LOG_PARTY,
      payload: asked,
    },
    bus.signer,
  );
  const subject = lookupSubject(
    bus.namespace,
    AUDIT_LOG_PARTY.member,
    AUDIT_LOG_PARTY.subsystem,
    CONSISTENCY_PROOF_SERVICE,
  );
  let answer: ConsistencyProofResponse | ErrorPayload;
  let type: string;
  try {
    const reply = await requestBytes(
      bus.nats,
      subject,
      { data: sealed.bytes, headers: sealed.headers },
      { timeoutMs: LOG_PROOF_TIMEOUT_MS },
    );
    const verified = await bus.verifier.open<ConsistencyProofResponse | ErrorPayload>(
      reply.data,
      reply.headers[LT_SIGNATURE],
      {
        recipient: bus.self,
        type: [CONSISTENCY_PROOF_RESPONSE_TYPE, ERROR_SCHEMA_ID],
        request: sealed,
        headers: reply.headers,
      },
    );
    answer = verified.body.payload;
    type = verified.body.type;
  } catch (error) {
    const code = isAppError(error) ? error.code : undefined;
    throw unavailable(
      `the log was asked for a consistency proof and did not answer${code ? ` (${code})` : ''}`,
      error,
      { ...asked, ...(code ? { reason: code } : {}) },
    );
  }
  if (type === ERROR_SCHEMA_ID) {
    throw proofRefused(asked, (answer as ErrorPayload).code);
  }
  const proven = answer as ConsistencyProofResponse;
  if (
    proven.origin !== asked.origin ||
    proven.fromSize !== asked.fromSize ||
    proven.toSize !== asked.toSize
  ) {
    throw new WitnessError(
      'WITNESS_CONSISTENCY_UNPROVEN',
      `the log answered a proof from ${proven.fromSize} to ${proven.toSize} of ${proven.origin} when asked from ${asked.fromSize} to ${asked.toSize} of ${asked.origin}`,
      { details: { ...asked } },
    );
  }
  return { fromSize: proven.fromSize, proof: proven.proof };
}
