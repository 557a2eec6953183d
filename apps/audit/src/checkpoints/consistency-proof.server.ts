import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { sealReply, type VerifiedEnvelope } from '@lienthong/envelope';
import { AuditTrail, BusRuntime, refuseRequest } from '@lienthong/adapter-kit';
import {
  LT_SIGNATURE,
  lookupQueueGroup,
  lookupSubject,
  serveRequests,
  type BusMessage,
  type BusRequest,
  type RequestServer,
} from '@lienthong/messaging';
import {
  CONSISTENCY_PROOF_REQUEST_TYPE,
  CONSISTENCY_PROOF_RESPONSE_TYPE,
  CONSISTENCY_PROOF_SERVICE,
  type ConsistencyProofRequest,
  type ConsistencyProofResponse,
} from '@lienthong/transparency';
import type { AuditConfig } from '../audit.config';
import { AUDIT_CONFIG, AUDIT_LOG_STORE } from '../audit.constants';
import { AuditError } from '../audit.errors';
import type { AuditLogStore } from '../log/audit-log.store';

/**
 * Serves consistency proofs on the bus (`<root>.req.AUDIT.log.consistency-proof`) to witnesses
 * whose last cosigned checkpoint is not the one a new checkpoint's proof starts from, e.g. after
 * this service restarted with a checkpoint it stored but never published. Any member with a valid
 * certificate may ask (proofs are public, as `GET /v1/proofs/consistency`); requests and answers
 * are signed envelopes, each request is audited, and a refusal is a signed error reply.
 */
@Injectable()
export class ConsistencyProofServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: RequestServer;

  constructor(
    private readonly runtime: BusRuntime,
    private readonly audit: AuditTrail,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { member, subsystem } = this.runtime.self;
    this.server = serveRequests(this.runtime.nats, {
      subject: lookupSubject(this.runtime.namespace, member, subsystem, CONSISTENCY_PROOF_SERVICE),
      queue: lookupQueueGroup(member, subsystem),
      handler: (request) => this.serve(request),
      logger: this.runtime.logger,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
  }

  /** Answers one request: the proof, or a signed error (and an audit record either way). */
  async serve(request: BusRequest): Promise<BusMessage> {
    let verified: VerifiedEnvelope<ConsistencyProofRequest> | undefined;
    try {
      verified = await this.runtime.verifier.open<ConsistencyProofRequest>(
        request.data,
        request.headers[LT_SIGNATURE],
        {
          recipient: this.runtime.self,
          type: CONSISTENCY_PROOF_REQUEST_TYPE,
          headers: request.headers,
        },
      );
      const payload = await this.answer(verified.body.payload);
      const reply = sealReply(
        verified,
        { type: CONSISTENCY_PROOF_RESPONSE_TYPE, payload },
        this.runtime.signer,
      );
      await this.audit.record({
        body: verified.body,
        bytes: verified.bytes,
        signature: verified.signature,
        verified: true,
        outcome: { status: 'accepted' },
      });
      return { data: reply.bytes, headers: reply.headers };
    } catch (error) {
      return refuseRequest(this.runtime, this.audit, request, verified, error);
    }
  }

  private async answer(asked: ConsistencyProofRequest): Promise<ConsistencyProofResponse> {
    if (asked.origin !== this.config.origin) {
      throw new AuditError('AUDIT_QUERY_INVALID', `this log is ${this.config.origin}`, {
        details: { origin: asked.origin },
      });
    }
    if (asked.fromSize > asked.toSize) {
      throw new AuditError('AUDIT_QUERY_INVALID', 'fromSize must not exceed toSize', {
        details: { fromSize: asked.fromSize, toSize: asked.toSize },
      });
    }
    // A size beyond the log is AUDIT_PROOF_RANGE_INVALID: a log never proves what it does not hold.
    const proof = await this.store.consistencyProof(asked.fromSize, asked.toSize);
    return {
      origin: asked.origin,
      fromSize: asked.fromSize,
      toSize: asked.toSize,
      proof: proof.map((hash) => hash.toString('base64')),
    };
  }
}
