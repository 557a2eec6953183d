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
 *
 * A checkpoint whose publish failed stays stored and unpublished (audit_checkpoint_published
 * says which sizes reached the bus): the next tick publishes it, and so does the next start, so a
 * restart after a failed publish leaves no witness waiting on a checkpoint it never saw. Its proof
 * starts at the last checkpoint published, which every witness up to date holds.
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private signing: Promise<SignedCheckpoint> | undefined;
  private lastSize = -1;
  /** Size of the last checkpoint published: the start of the next consistency proof. */
  private lastPublished: number | undefined;
  /** The latest checkpoint stored, when its publish has not succeeded yet. */
  private unpublished: { readonly signed: SignedCheckpoint; readonly size: number } | undefined;

  constructor(
    private readonly runtime: BusRuntime,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const latest = await this.store.latestCheckpoint();
    this.lastSize = latest === null ? -1 : parseCheckpointBody(latest.body).size;
    this.lastPublished = await this.store.lastPublishedSize();
    if (
      latest !== null &&
      (this.lastPublished === undefined || this.lastSize > this.lastPublished)
    ) {
      this.unpublished = { signed: latest, size: this.lastSize };
      await this.publishPending().catch((error: unknown) => {
        this.runtime.logger.error(
          { err: error, size: this.lastSize },
          'unpublished checkpoint not published at start, retrying on the next tick',
        );
      });
    }
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
      } else if (this.unpublished !== undefined) {
        await this.publishPending();
      }
    } catch (error) {
      this.runtime.logger.error({ err: error }, 'checkpoint failed, retrying on the next tick');
    }
  }

  private async sign(): Promise<SignedCheckpoint> {
    const signed = await this.store.createCheckpoint(this.runtime.signer);
    const size = parseCheckpointBody(signed.body).size;
    this.lastSize = Math.max(this.lastSize, size);
    this.unpublished = { signed, size };
    await this.publishPending();
    return signed;
  }

  /** Publishes the latest stored checkpoint, with the proof from the last one published. */
  private async publishPending(): Promise<void> {
    const pending = this.unpublished;
    if (pending === undefined) {
      return;
    }
    const sealed = seal(
      {
        type: CHECKPOINT_TYPE,
        recipient: AUDIT_LOG_PARTY,
        payload: await this.withConsistency(pending.signed, pending.size),
      },
      this.runtime.signer,
    );
    await publishDurable(
      this.runtime.jetstream,
      auditSubject(this.runtime.namespace, this.runtime.agency.member),
      { data: sealed.bytes, msgId: sealed.body.id, headers: sealed.headers },
    );
    await this.store.markPublished(pending.size);
    this.lastPublished = pending.size;
    if (this.unpublished === pending) {
      this.unpublished = undefined;
    }
    this.runtime.logger.info({ size: pending.size }, 'checkpoint signed and published');
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
