import {
  peekUnverifiedBody,
  sealError,
  type EnvelopeBody,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import { toAppError } from '@lienthong/errors';
import { LT_ERROR_CODE, type BusMessage, type BusRequest } from '@lienthong/messaging';
import type { AuditTrail } from '../core/audit-trail';
import type { BusRuntime } from '../core/bus-runtime';

/**
 * The one way a request is refused on the bus: log it if it is our fault, write its audit record
 * (refused, with the code), and answer a signed error reply addressed to the sender. A request
 * whose sender cannot even be read gets an unsigned `Lt-Error-Code` hint, since a signature would
 * vouch for nothing.
 */
export async function refuseRequest(
  runtime: BusRuntime,
  audit: AuditTrail,
  request: BusRequest,
  verified: VerifiedEnvelope | undefined,
  error: unknown,
): Promise<BusMessage> {
  const appError = toAppError(error);
  if (appError.logLevel === 'error') {
    runtime.logger.error(
      { err: error, code: appError.code, subject: request.subject },
      'request failed',
    );
  }
  const body = verified?.body ?? peekUnverifiedBody(request.data);
  try {
    await audit.record({
      body: body as Partial<EnvelopeBody>,
      bytes: request.data,
      verified: verified !== undefined,
      outcome: { status: 'refused', code: appError.code },
    });
  } catch (auditError) {
    runtime.logger.error({ err: auditError }, 'refusal could not be audited');
  }
  try {
    const reply = sealError(verified ?? { body, bytes: request.data }, appError, runtime.signer);
    return { data: reply.bytes, headers: reply.headers };
  } catch {
    return { data: new Uint8Array(0), headers: { [LT_ERROR_CODE]: appError.code } };
  }
}
