import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BusRuntime } from '@lienthong/adapter-kit';
import {
  consumeDurable,
  ensureDurableConsumer,
  jetstreamManager,
  streamName,
  type BusNamespace,
  type DurableConsumption,
  type DurableMessage,
} from '@lienthong/messaging';
import type { AuditRecord } from '@lienthong/transparency';
import type { AuditConfig } from '../audit.config';
import { AUDIT_CONFIG, AUDIT_CONSUMER, AUDIT_LOG_STORE } from '../audit.constants';
import { AuditError } from '../audit.errors';
import type { AppendResult, AuditLogStore } from '../log/audit-log.store';
import { CosignatureIngest } from '../witness/cosignature-ingest.service';
import { AppendBatcher } from './append-batcher';
import { AuditMessageOpener } from './audit-message.opener';

/** Every member's audit subject; the stream holds `<root>.audit.<member>` only. */
function auditFilter(ns: BusNamespace): string {
  return `${ns.subjectRoot}.audit.>`;
}

/**
 * Consumes LT_AUDIT into the Merkle log. consumeDurable settles one message at a time per loop,
 * so batching comes from running as many loops as a batch holds: each loop verifies its message
 * and waits on the shared batcher, which appends the batch in one transaction; only then does
 * each loop ack. Invalid messages take consumeDurable's poison path (DLQ with their code, term)
 * and never reach the log; a failed append is retryable, so the whole batch is redelivered.
 */
@Injectable()
export class AuditIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly opener: AuditMessageOpener;
  private readonly batcher: AppendBatcher<AuditRecord, AppendResult>;
  private consumptions: DurableConsumption[] = [];

  constructor(
    private readonly runtime: BusRuntime,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly cosignatures: CosignatureIngest,
  ) {
    this.opener = new AuditMessageOpener(runtime);
    this.batcher = new AppendBatcher((records) => this.append(records), config.batch);
  }

  async onApplicationBootstrap(): Promise<void> {
    const stream = streamName(this.runtime.namespace, 'AUDIT');
    const workers = this.config.batch.size;
    await ensureDurableConsumer(await jetstreamManager(this.runtime.nats), stream, {
      name: AUDIT_CONSUMER,
      filterSubject: auditFilter(this.runtime.namespace),
      maxAckPending: Math.max(256, workers * 2),
      description: 'audit service: Merkle log of every audit record',
    });
    for (let i = 0; i < workers; i += 1) {
      this.consumptions.push(
        await consumeDurable(this.runtime.jetstream, {
          stream,
          consumer: AUDIT_CONSUMER,
          handler: (message) => this.handle(message),
          deadLetter: { namespace: this.runtime.namespace, member: this.runtime.agency.member },
          prefetch: 1,
          logger: this.runtime.logger,
        }),
      );
    }
    this.runtime.logger.info({ stream, workers }, 'consuming audit records');
  }

  async onApplicationShutdown(): Promise<void> {
    const running = this.consumptions;
    this.consumptions = [];
    // Loops waiting on a half-full batch finish once it is flushed.
    await Promise.all([...running.map((c) => c.stop()), this.batcher.flush()]);
  }

  /**
   * Appends a record the audit service writes itself (the queries made of its HTTP API) on the
   * path of the bus's records: the shared batch, one transaction, the same duplicate check by
   * record id. Resolves once committed; rejects with the retryable AUDIT_APPEND_FAILED.
   */
  appendOwn(record: AuditRecord): Promise<AppendResult> {
    return this.batcher.add(record);
  }

  private async handle(message: DurableMessage): Promise<void> {
    const opened = await this.opener.open(message);
    if (opened.kind === 'records') {
      await Promise.all(opened.records.map((record) => this.batcher.add(record)));
    } else if (opened.kind === 'cosignature') {
      await this.cosignatures.ingest(opened.payload, opened.signer, message.timestamp);
    }
  }

  private async append(records: AuditRecord[]): Promise<AppendResult> {
    try {
      const result = await this.store.append(records);
      this.runtime.logger.debug(
        {
          appended: result.appended.length,
          duplicates: result.duplicates.length,
          size: result.size,
        },
        'audit records appended',
      );
      return result;
    } catch (error) {
      throw new AuditError('AUDIT_APPEND_FAILED', 'the audit log could not be written', {
        cause: error,
      });
    }
  }
}
