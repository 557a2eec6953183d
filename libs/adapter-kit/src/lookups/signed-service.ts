import { sealReply, type VerifiedEnvelope } from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  lookupQueueGroup,
  lookupSubject,
  serveRequests,
  type BusMessage,
  type BusRequest,
  type RequestServer,
} from '@lienthong/messaging';
import { acceptedFacts, type AuditTrail } from '../core/audit-trail';
import type { BusRuntime } from '../core/bus-runtime';
import { refuseRequest } from './refusal';

/** A service this adapter answers on the bus outside the look-up catalog (ping, log proofs). */
export interface SignedService<Q, R> {
  /** Service code: the subject is `<root>.req.<self>.<service>`, in this member's queue group. */
  readonly service: string;
  readonly requestType: string;
  readonly responseType: string;
  /** The answer's payload; a thrown AppError becomes the signed error reply with its code. */
  answer(request: VerifiedEnvelope<Q>): Promise<R> | R;
}

/**
 * Serves `service` the way every signed request is served: the request verified as an envelope
 * addressed to this adapter, the answer sealed as a reply bound to it, one audit record either way,
 * and a refusal answered by {@link refuseRequest}.
 */
export function serveSignedService<Q, R>(
  runtime: BusRuntime,
  audit: AuditTrail,
  service: SignedService<Q, R>,
): RequestServer {
  const { member, subsystem } = runtime.self;
  return serveRequests(runtime.nats, {
    subject: lookupSubject(runtime.namespace, member, subsystem, service.service),
    queue: lookupQueueGroup(member, subsystem),
    handler: (request) => answerSigned(runtime, audit, service, request),
    logger: runtime.logger,
  });
}

/** Answers one request of `service` (exported for tests that call a server without the bus). */
export async function answerSigned<Q, R>(
  runtime: BusRuntime,
  audit: AuditTrail,
  service: SignedService<Q, R>,
  request: BusRequest,
): Promise<BusMessage | undefined> {
  let verified: VerifiedEnvelope<Q> | undefined;
  try {
    verified = await runtime.verifier.open<Q>(request.data, request.headers[LT_SIGNATURE], {
      recipient: runtime.self,
      type: service.requestType,
      headers: request.headers,
    });
    const payload = await service.answer(verified);
    const reply = sealReply(verified, { type: service.responseType, payload }, runtime.signer);
    await audit.record(acceptedFacts(verified));
    return { data: reply.bytes, headers: reply.headers };
  } catch (error) {
    return refuseRequest(runtime, audit, request, verified, error);
  }
}
