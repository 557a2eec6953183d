import {
  peekUnverifiedBody,
  sealError,
  type EnvelopeBody,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import { toAppError } from '@lienthong/errors';
import { metrics } from '@lienthong/telemetry';
import { TOKEN_PATTERNS, type BusMessage, type BusRequest } from '@lienthong/messaging';
import type { AuditTrail } from '../core/audit-trail';
import type { BusRuntime } from '../core/bus-runtime';

/**
 * The one way a request is refused on the bus: log it if it is our fault, write its audit record
 * (refused, with the code), and answer a signed error reply addressed to the sender. A request
 * whose sender cannot be read (bytes that are not a JSON object, a byte-order mark, no well-formed
 * `sender`) gets no reply at all (`undefined`): a signed reply needs an addressee, and nothing
 * unsigned is ever sent (docs/protocol.md §5). Its refusal is still in the audit log.
 */
export async function refuseRequest(
  runtime: BusRuntime,
  audit: AuditTrail,
  request: BusRequest,
  verified: VerifiedEnvelope | undefined,
  error: unknown,
): Promise<BusMessage | undefined> {
  const appError = toAppError(error);
  metrics.busRefusal(appError.code);
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
  if (verified === undefined && !hasReadableSender(body)) {
    return undefined;
  }
  const reply = sealError(verified ?? { body, bytes: request.data }, appError, runtime.signer);
  return { data: reply.bytes, headers: reply.headers };
}

function hasReadableSender(body: { sender?: unknown }): boolean {
  const sender = body.sender as { member?: unknown; subsystem?: unknown } | undefined;
  return (
    typeof sender === 'object' &&
    sender !== null &&
    typeof sender.member === 'string' &&
    TOKEN_PATTERNS.member.test(sender.member) &&
    typeof sender.subsystem === 'string' &&
    TOKEN_PATTERNS.subsystem.test(sender.subsystem)
  );
}
