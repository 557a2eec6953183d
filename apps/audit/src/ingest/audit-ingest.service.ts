import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AuditTrail,
  BusRuntime,
  GroupCommit,
  namedRecordId,
  type AuditFacts,
} from '@lienthong/adapter-kit';
import { peekUnverifiedBody, type EnvelopeBody } from '@lienthong/envelope';
import { isAppError, type AppError } from '@lienthong/errors';
import {
  consumeDurable,
  ensureDurableConsumer,
  jetstreamManager,
  publishDeadLetter,
  streamName,
  type BusNamespace,
  type DurableConsumption,
  type DurableMessage,
  type PoisonReport,
} from '@lienthong/messaging';
import type { AuditRecord } from '@lienthong/audit-log';
import type { AuditConfig } from '../audit.config';
import { AUDIT_CONFIG, AUDIT_CONSUMER, AUDIT_LOG_STORE } from '../audit.constants';
import { AuditError } from '../audit.errors';
import type { AppendResult, AuditLogStore } from '../log/audit-log.store';
import { CosignatureIngest } from '../witness/cosignature-ingest.service';
import { countAppended } from '../checkpoints/audit-metrics';
import { AuditMessageOpener, type RefusedRecord } from './audit-message.opener';

/** Most records appended in one transaction. */
const AUDIT_APPEND_MAX_RECORDS = 1024;

/** Every member's audit subject; the stream holds `<root>.audit.<member>` only. */
function auditFilter(ns: BusNamespace): string {
  return `${ns.subjectRoot}.audit.>`;
}

/**
 * Consumes LT_AUDIT into the Merkle log. consumeDurable settles one message at a time per loop,
 * and `AUDIT_BATCH_SIZE` loops run: each verifies its message (a batch of records, ADR 0009) and
 * hands the records to the shared group commit, which appends what has gathered in one
 * transaction (the records of several messages, or all of a large one); only then does the loop
 * ack. An envelope that fails a check takes consumeDurable's poison path (DLQ with its code,
 * term); a record of a valid batch that fails its own checks is refused alone (a dead letter of its
 * own, naming its position), and the others are appended. Either refusal leaves one entry in the
 * log, written by AUDIT/log. A failed append is retryable, so the messages of that append are
 * redelivered.
 */
@Injectable()
export class AuditIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly opener: AuditMessageOpener;
  private readonly appends: GroupCommit<AuditRecord, AppendResult>;
  private consumptions: DurableConsumption[] = [];

  constructor(
    private readonly runtime: BusRuntime,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly cosignatures: CosignatureIngest,
    private readonly trail: AuditTrail,
  ) {
    this.opener = new AuditMessageOpener(runtime);
    this.appends = new GroupCommit((records) => this.append(records), {
      maxItems: AUDIT_APPEND_MAX_RECORDS,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const stream = streamName(this.runtime.namespace, 'AUDIT');
    const workers = this.config.batchSize;
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
          onPoison: (report) => this.tracePoison(report),
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
    await Promise.all(running.map((c) => c.stop()));
  }

  /**
   * Appends a record the audit service writes itself (the queries made of its HTTP API) on the
   * path of the bus's records: the shared batch, one transaction, the same duplicate check by
   * record id. Resolves once committed; rejects with the retryable AUDIT_APPEND_FAILED.
   */
  appendOwn(record: AuditRecord): Promise<AppendResult> {
    return this.appends.add(record);
  }

  private async handle(message: DurableMessage): Promise<void> {
    const opened = await this.opener.open(message);
    if (opened.kind === 'records') {
      const { envelope } = opened;
      const traces = await Promise.all(
        opened.refused.map(async (refused) => {
          await this.deadLetterRecord(message, refused);
          return this.trace(
            message,
            {
              body: envelope.body,
              bytes: envelope.bytes,
              signature: envelope.signature,
              verified: true,
            },
            refused.error,
            refused.index,
          );
        }),
      );
      await Promise.all([...opened.records, ...traces].map((record) => this.appends.add(record)));
    } else if (opened.kind === 'cosignature') {
      await this.cosignatures.ingest(opened.payload, opened.signer, message.timestamp);
    }
  }

  /** Copies the batch to the DLQ for one of its records, refused alone (operators see each). */
  private async deadLetterRecord(message: DurableMessage, refused: RefusedRecord): Promise<void> {
    const { namespace } = this.runtime;
    const { error } = refused;
    await publishDeadLetter(this.runtime.jetstream, {
      namespace,
      member: this.runtime.agency.member,
      stream: streamName(namespace, 'AUDIT'),
      consumer: AUDIT_CONSUMER,
      message,
      error,
      record: refused.index,
      reason: `record ${refused.index}${refused.recordId ? ` (${refused.recordId})` : ''}: ${error.message}`,
    });
    this.runtime.logger.warn(
      { code: error.code, subject: message.subject, seq: message.seq, record: refused.index },
      'audit record refused, the rest of its batch kept',
    );
  }

  /**
   * The log's own entry of a refusal (docs/security.md §7, invariant 4): AUDIT/log refused
   * (a record of) a message of LT_AUDIT. Named by the stream position, so that a redelivery of the
   * same message writes the same entry, which the log keeps once.
   */
  private trace(
    message: DurableMessage,
    facts: Pick<AuditFacts, 'body' | 'bytes' | 'signature' | 'verified'>,
    error: AppError,
    index?: number,
  ): AuditRecord {
    const record = this.trail.build({ ...facts, outcome: { status: 'refused', code: error.code } });
    const name = `AUDIT/log|${message.seq}|${index ?? 'message'}|refused`;
    return { ...record, recordId: namedRecordId(message.timestamp.getTime(), name) };
  }

  /** A message refused whole (its envelope failed a check): one entry, with ids only. */
  private async tracePoison(report: PoisonReport): Promise<void> {
    const trace = this.trace(
      report.message,
      {
        body: peekUnverifiedBody(report.message.data) as Partial<EnvelopeBody>,
        bytes: report.message.data,
        verified: false,
      },
      report.error,
    );
    try {
      await this.appends.add(trace);
    } catch (error) {
      this.runtime.logger.error({ err: error }, 'refused audit message could not be logged');
    }
  }

  private async append(records: AuditRecord[]): Promise<AppendResult> {
    try {
      const result = await this.store.append(records);
      countAppended(result.appended.length, result.duplicates.length);
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
      if (isAppError(error) && error.code === 'PERSISTENCE_UNAVAILABLE') {
        // the database is down: the code every app answers for that (retryable 503)
        throw error;
      }
      throw new AuditError('AUDIT_APPEND_FAILED', 'the audit log could not be written', {
        cause: error,
      });
    }
  }
}
