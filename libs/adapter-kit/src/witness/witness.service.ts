import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ACCEPT_REDELIVERIES, EnvelopeVerifier, seal } from '@lienthong/envelope';
import { isAppError, type AppError } from '@lienthong/errors';
import {
  LT_SIGNATURE,
  LT_TYPE,
  auditSubject,
  consumeDurable,
  ensureDurableConsumer,
  jetstreamManager,
  publishDurable,
  streamName,
  type DurableConsumption,
  type DurableMessage,
  type PoisonReport,
} from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import type { SignerKeyResolver } from '@lienthong/pki';
import { metrics } from '@lienthong/telemetry';
import {
  type Checkpoint,
  type SignedCheckpoint,
  signCosignature,
  verifyCheckpoint,
} from '@lienthong/audit-log';
import { AUDIT_BATCH_TYPE, AUDIT_LOG_PARTY, AUDIT_RECORD_TYPE } from '../core/audit-trail';
import { BusRuntime } from '../core/bus-runtime';
import {
  AUDIT_CHECKPOINT_TYPE,
  COSIGNATURE_TYPE,
  WITNESS_STATE,
  witnessConsumerName,
} from './witness.constants';
import { WitnessError } from './witness.errors';
import { requestLogConsistencyProof } from './log-proof.client';
import type { WitnessState } from './witness-state';
import type { OfferedConsistency, WitnessVerdict } from './witness-verdict';
import { WitnessedCheckpointStore } from './witnessed-checkpoint.store';

const checkpointsSeen = metrics.counter<'outcome'>({
  name: 'lienthong_witness_checkpoints_total',
  help: 'Checkpoints of the audit log this adapter witnessed, by outcome (cosigned, known, or the refusal code)',
  labelNames: ['outcome'],
});

const proofsAsked = metrics.counter({
  name: 'lienthong_witness_log_proofs_total',
  help: 'Consistency proofs this witness obtained from the log because a checkpoint carried none from the one it witnessed last',
});

type PublishedCheckpoint = SignedCheckpoint & { readonly consistency?: OfferedConsistency };

/** What happened to one checkpoint. */
export type WitnessOutcome = WitnessVerdict;

/**
 * This adapter as a witness of the audit log (docs/security.md §6.1): reads every checkpoint AUDIT/log
 * publishes through its own durable consumer, in order (one in flight), verifies the envelope,
 * the checkpoint signature and its consistency with the latest checkpoint witnessed (by the proof
 * it carries, or else by one asked of the log over the bus), stores it, and only then publishes a
 * signed cosignature on its own audit subject. A rollback or fork is dead-lettered with its code,
 * never cosigned, logged at error, counted and shown by `/health`.
 */
@Injectable()
export class WitnessService implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumption?: DurableConsumption;
  private readonly store: WitnessedCheckpointStore;

  constructor(
    private readonly bus: BusRuntime,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(WITNESS_STATE) private readonly state: WitnessState,
  ) {
    this.store = new WitnessedCheckpointStore(dataSource);
  }

  /** This adapter's durable consumer on LT_AUDIT. */
  get consumerName(): string {
    return witnessConsumerName(this.bus.self.member, this.bus.self.subsystem);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.consumption = await this.start();
      this.state.started(true);
    } catch (error) {
      // Like event subscriptions: the adapter still serves; checkpoints wait in the stream.
      this.state.started(false);
      this.bus.logger.error({ err: error, consumer: this.consumerName }, 'witness not started');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumption?.stop();
  }

  /** Witnesses one delivered checkpoint; throws a coded error to retry or dead-letter it. */
  async process(message: DurableMessage): Promise<WitnessOutcome> {
    const published = await this.open(message);
    const checkpoint = this.verifyCheckpoint(published, message.timestamp);
    const verdict = await this.judge(published, checkpoint);
    if (verdict !== 'known') {
      await this.cosign(published, checkpoint);
      this.state.cosigned(checkpoint.size);
    }
    checkpointsSeen.inc({ outcome: verdict === 'known' ? 'known' : 'cosigned' });
    this.bus.logger.debug({ size: checkpoint.size, verdict }, 'checkpoint witnessed');
    return verdict;
  }

  private async start(): Promise<DurableConsumption> {
    const stream = streamName(this.bus.namespace, 'AUDIT');
    const jsm = await jetstreamManager(this.bus.nats);
    const exists = await jsm.consumers.info(stream, this.consumerName).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await ensureDurableConsumer(jsm, stream, {
        name: this.consumerName,
        filterSubject: auditSubject(this.bus.namespace, AUDIT_LOG_PARTY.member),
        // One in flight: checkpoints must be judged in the order the log published them.
        maxAckPending: 1,
        description: `${this.bus.self.member}/${this.bus.self.subsystem} witnesses the audit log`,
      });
    }
    return consumeDurable(this.bus.jetstream, {
      stream,
      consumer: this.consumerName,
      handler: async (message) => {
        // AUDIT/log's own audit records (of the pings and proof requests it answered) share its
        // subject with its checkpoints; they are the log's input, not for witnesses to judge.
        const type = message.headers[LT_TYPE];
        if (type === AUDIT_BATCH_TYPE || type === AUDIT_RECORD_TYPE) {
          return;
        }
        await this.process(message);
      },
      deadLetter: { namespace: this.bus.namespace, member: this.bus.self.member },
      onPoison: (report) => this.onRefused(report),
      prefetch: 1,
      logger: this.bus.logger,
    });
  }

  private async open(message: DurableMessage): Promise<PublishedCheckpoint> {
    const verifier = new EnvelopeVerifier({
      trustStore: () => this.bus.configuration.current().trustStore,
      schemas: this.bus.schemas,
      replay: ACCEPT_REDELIVERIES,
      // As of when the stream stored it: a witness catching up after an outage still verifies.
      clock: () => message.timestamp,
    });
    const envelope = await verifier.open<PublishedCheckpoint>(
      message.data,
      message.headers[LT_SIGNATURE],
      {
        type: AUDIT_CHECKPOINT_TYPE,
        recipient: AUDIT_LOG_PARTY,
        headers: message.headers,
        authorize: (body) => {
          const { member, subsystem } = body.sender;
          if (member !== AUDIT_LOG_PARTY.member || subsystem !== AUDIT_LOG_PARTY.subsystem) {
            throw new WitnessError(
              'WITNESS_CHECKPOINT_FOREIGN',
              `${member}/${subsystem} published a checkpoint`,
            );
          }
        },
      },
    );
    return envelope.body.payload;
  }

  private verifyCheckpoint(published: PublishedCheckpoint, at: Date): Checkpoint {
    try {
      return verifyCheckpoint(published, this.keyResolver(at));
    } catch (error) {
      throw new WitnessError(
        'WITNESS_CHECKPOINT_INVALID',
        `checkpoint refused: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /** AUDIT/log keys as the verified global configuration knows them. */
  private keyResolver(at: Date): SignerKeyResolver {
    const trustStore = this.bus.configuration.current().trustStore;
    return (kid) => {
      try {
        const info = trustStore.resolve(kid, at);
        return { publicKey: info.publicKey, identity: info.identity, algorithms: info.algorithms };
      } catch {
        return undefined;
      }
    };
  }

  private async judge(
    published: PublishedCheckpoint,
    checkpoint: Checkpoint,
  ): Promise<WitnessVerdict> {
    const signed: SignedCheckpoint = {
      body: published.body,
      alg: published.alg,
      kid: published.kid,
      signature: published.signature,
    };
    try {
      return await this.store.witness(signed, checkpoint, published.consistency, (range) =>
        this.proofFromLog(checkpoint.origin, range),
      );
    } catch (error) {
      if (isAppError(error) && error instanceof WitnessError) {
        throw error;
      }
      throw new WitnessError('WITNESS_STORE_FAILED', 'the witnessed checkpoint was not stored', {
        cause: error,
      });
    }
  }

  /**
   * The proof a checkpoint did not carry, asked of the log itself: after the audit service
   * restarted with a checkpoint it stored but never published, every later checkpoint's proof
   * starts from that one, which no witness holds.
   */
  private async proofFromLog(
    origin: string,
    range: { fromSize: number; toSize: number },
  ): Promise<OfferedConsistency> {
    this.bus.logger.info({ origin, ...range }, 'asking the log for a missing consistency proof');
    const proof = await requestLogConsistencyProof(this.bus, { origin, ...range });
    proofsAsked.inc();
    return proof;
  }

  private async cosign(published: PublishedCheckpoint, checkpoint: Checkpoint): Promise<void> {
    try {
      const cosignature = await signCosignature(published, checkpoint, this.bus.signer);
      const sealed = seal(
        { type: COSIGNATURE_TYPE, id: uuidv7(), recipient: AUDIT_LOG_PARTY, payload: cosignature },
        this.bus.signer,
      );
      await publishDurable(
        this.bus.jetstream,
        auditSubject(this.bus.namespace, this.bus.self.member),
        { data: sealed.bytes, msgId: sealed.body.id, headers: sealed.headers },
      );
    } catch (error) {
      throw new WitnessError('WITNESS_COSIGN_FAILED', 'the cosignature was not published', {
        cause: error,
      });
    }
  }

  private onRefused(report: PoisonReport): void {
    const error: AppError = report.error;
    checkpointsSeen.inc({ outcome: error.code });
    if (error instanceof WitnessError && error.logLevel === 'error') {
      this.state.refused(error);
    }
  }
}
