import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditTrail, BusRuntime, serveSignedService } from '@lienthong/adapter-kit';
import type { RequestServer } from '@lienthong/messaging';
import {
  CONSISTENCY_PROOF_REQUEST_TYPE,
  CONSISTENCY_PROOF_RESPONSE_TYPE,
  CONSISTENCY_PROOF_SERVICE,
  type ConsistencyProofRequest,
  type ConsistencyProofResponse,
} from '@lienthong/audit-log';
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
    this.server = serveSignedService<ConsistencyProofRequest, ConsistencyProofResponse>(
      this.runtime,
      this.audit,
      {
        service: CONSISTENCY_PROOF_SERVICE,
        requestType: CONSISTENCY_PROOF_REQUEST_TYPE,
        responseType: CONSISTENCY_PROOF_RESPONSE_TYPE,
        answer: (request) => this.answer(request.body.payload),
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
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
