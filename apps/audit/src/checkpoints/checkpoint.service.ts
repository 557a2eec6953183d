import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { seal } from '@lienthong/envelope';
import { AUDIT_LOG_PARTY, BusRuntime } from '@lienthong/adapter-kit';
import { auditSubject, publishDurable } from '@lienthong/messaging';
import { parseCheckpointBody, type SignedCheckpoint } from '@lienthong/audit-log';
import type { AuditConfig } from '../audit.config';
import { AUDIT_CONFIG, AUDIT_LOG_STORE, CHECKPOINT_TYPE } from '../audit.constants';
import type { AuditLogStore } from '../log/audit-log.store';

/** A checkpoint as published for witnesses (schemas/audit/checkpoint/v1 with `consistency`). */
export interface PublishedCheckpoint extends SignedCheckpoint {
  readonly consistency?: { readonly fromSize: number; readonly proof: readonly string[] };
}

/**
 * Signs checkpoints of the log with the AUDIT/log key: on a timer whenever the log grew, and on
 * demand. Each one is stored, then published on `<root>.audit.AUDIT` as a signed envelope with
 * the consistency proof from the previous checkpoint published, so that the witnesses (every
 * agency adapter) check that the log only grew without calling this service.
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private signing: Promise<SignedCheckpoint> | undefined;
  private lastSize = -1;
  /** Size of the last checkpoint published: the start of the next consistency proof. */
  private lastPublished: number | undefined;

  constructor(
    private readonly runtime: BusRuntime,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const latest = await this.store.latestCheckpoint();
    this.lastSize = latest === null ? -1 : parseCheckpointBody(latest.body).size;
    this.lastPublished = latest === null ? undefined : this.lastSize;
    this.timer = setInterval(() => void this.tick(), this.config.checkpointIntervalMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Signs, stores and publishes a checkpoint of the log as it is now. */
  async checkpointNow(): Promise<SignedCheckpoint> {
    // One signing at a time: a request during a timer tick gets that tick's checkpoint.
    this.signing ??= this.sign().finally(() => {
      this.signing = undefined;
    });
    return this.signing;
  }

  private async tick(): Promise<void> {
    try {
      if ((await this.store.size()) > this.lastSize) {
        await this.checkpointNow();
      }
    } catch (error) {
      this.runtime.logger.error({ err: error }, 'checkpoint failed, retrying on the next tick');
    }
  }

  private async sign(): Promise<SignedCheckpoint> {
    const signed = await this.store.createCheckpoint(this.runtime.signer);
    const size = parseCheckpointBody(signed.body).size;
    this.lastSize = Math.max(this.lastSize, size);
    const sealed = seal(
      {
        type: CHECKPOINT_TYPE,
        recipient: AUDIT_LOG_PARTY,
        payload: await this.withConsistency(signed, size),
      },
      this.runtime.signer,
    );
    await publishDurable(
      this.runtime.jetstream,
      auditSubject(this.runtime.namespace, this.runtime.agency.member),
      { data: sealed.bytes, msgId: sealed.body.id, headers: sealed.headers },
    );
    this.lastPublished = size;
    this.runtime.logger.info({ size }, 'checkpoint signed and published');
    return signed;
  }

  private async withConsistency(
    signed: SignedCheckpoint,
    size: number,
  ): Promise<PublishedCheckpoint> {
    const fromSize = this.lastPublished;
    if (fromSize === undefined || fromSize > size) {
      return signed;
    }
    const proof = await this.store.consistencyProof(fromSize, size);
    return { ...signed, consistency: { fromSize, proof: proof.map((h) => h.toString('base64')) } };
  }
}
