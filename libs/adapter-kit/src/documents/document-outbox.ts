import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { Party } from '@lienthong/envelope';
import { toAppError } from '@lienthong/errors';
import { TransactionRunner, inTransaction, type PersistenceContext } from '@lienthong/persistence';
import { metrics } from '@lienthong/telemetry';
import { DocumentDelivery, type DeliveryKind } from './document-delivery.entity';
import { GroupCommit } from '../core/group-commit';
import { RelayLoop } from '../core/relay-loop';
import { setDocuments, setOutbox } from '../core/adapter-metrics';
import { DocumentExchange } from './document-exchange';
import { DOCUMENTS_OPTIONS } from './documents.constants';
import type { DocumentsOptions } from './documents.options';

interface DeliveryRow {
  readonly message_id: string;
  readonly recipient_member: string;
  readonly subject: string;
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

/** What one relay round did. */
export interface DeliveryRound {
  readonly claimed: number;
  readonly sent: number;
  readonly failed: number;
  readonly expired: number;
}

/** A message to queue: sealed now, published after the caller's transaction commits. */
export interface OutgoingDelivery {
  readonly recipient: Party;
  readonly kind: DeliveryKind;
  readonly type: string;
  readonly payload: unknown;
  /** The document it is about; null for the 02 answering a quarantined delivery. */
  readonly documentRef: string | null;
}

/** A queued message: its envelope id, and the exact body bytes and detached JWS it goes out with. */
export interface QueuedDelivery {
  readonly id: string;
  readonly bytes: Buffer;
  readonly signature: string;
  /** The outbox row as inserted, with the values the database gave it (id, created_at, …). */
  readonly row: DocumentDelivery;
}

/** One recipient's rows of a round, in commit order, and how far publishing got. */
interface QueueOutcome {
  readonly sent: string[];
  readonly failure?: { readonly messageId: string; readonly reason: string };
}

/**
 * The outbox of the document exchange (the events outbox's design, for LT_DOCS). `enqueue` seals a
 * document or status message and inserts it into `document_delivery` in the caller's transaction,
 * so the change (a sent document, a received copy and its 01, a status) and every message that
 * announces it commit together or not at all. Right after the commit, the rows of that
 * transaction are published from memory (no relay round trip on the way of every document); the
 * relay publishes what that did not (a crash between commit and publication, an outage), with
 * `Nats-Msg-Id` = envelope id, marking a row sent only after the stream acknowledged it; unsent
 * rows are retried on a timer and at start-up. A recipient whose publication failed gets nothing
 * more from the fast path until the relay has caught up with it, so its messages keep their
 * order. Each recipient's rows go out one after the other in
 * commit order, and a recipient whose publication fails waits for the next round without holding
 * up the others; one relay per schema works at a time (a transaction-scoped advisory lock), so
 * replicas do not reorder a recipient's messages. A row whose ack was lost is published again and
 * the stream's duplicate window, or the receiver's unique delivery and message ids, absorb it.
 */
@Injectable()
export class DocumentOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly awaitingCommit = new WeakMap<QueryRunner, DeliveryRow[]>();
  /** Recipients with unsent rows left to the relay: the fast path stays off them meanwhile. */
  private readonly behind = new Set<string>();
  private readonly dispatching = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopScrape?: () => void;
  private readonly loop: RelayLoop;
  /**
   * Rows the fast path published are marked sent by group commit: the ids of one turn, or of every
   * publication acknowledged while an UPDATE runs, go in one UPDATE. A failed UPDATE leaves its
   * rows unsent; the relay publishes them again and the receiver absorbs the duplicate.
   */
  private readonly sentMarks = new GroupCommit<string>(
    async (ids) => {
      await this.runner.dataSource.query(
        `UPDATE document_delivery SET sent_at = now() WHERE message_id = ANY($1::uuid[])`,
        [ids],
      );
    },
    { maxItems: 1000 },
  );

  constructor(
    private readonly exchange: DocumentExchange,
    private readonly runner: TransactionRunner,
    @Inject(DOCUMENTS_OPTIONS) private readonly options: DocumentsOptions,
  ) {
    this.loop = new RelayLoop({
      round: () => this.relayOnce(),
      batch: options.deliveryBatch,
      // the timer retries: nothing was marked sent that the stream did not acknowledge
      onError: (error) =>
        exchange.runtime.logger.warn({ err: error }, 'document delivery round failed'),
    });
    // TypeORM broadcasts transaction events to the data source's subscribers read at call time
    runner.dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        const rows = this.awaitingCommit.get(queryRunner);
        if (rows) {
          this.awaitingCommit.delete(queryRunner);
          this.dispatch(rows);
        }
      },
      afterTransactionRollback: ({ queryRunner }) => {
        this.awaitingCommit.delete(queryRunner);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.stopScrape = metrics.onScrape('documents', () => this.scrape());
    this.timer = setInterval(() => this.wake(), this.options.deliveryPollMs);
    this.timer.unref();
    // rows left unsent by a crash or an outage before this start
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopScrape?.();
    clearInterval(this.timer);
    const stopping = this.loop.stop();
    await Promise.all([...this.dispatching]);
    await stopping;
  }

  /**
   * Sets the document gauges before a scrape: the outbox (unsent, not expired rows and the age of
   * the oldest), and every recipient copy by direction and latest status, with how long the
   * copy longest in that status has been there (a full read of the status table: docs/operations.md §6).
   */
  private async scrape(): Promise<void> {
    const { dataSource } = this.runner;
    const [outbox, statuses] = await Promise.all([
      dataSource.query<{ n: string; age: string | null }[]>(
        `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at)) AS age
           FROM document_delivery WHERE sent_at IS NULL AND expired_at IS NULL`,
      ),
      dataSource.query<{ direction: string; status: string; n: string; age: string }[]>(
        `WITH latest AS (
           SELECT DISTINCT ON (document_ref, recipient_member) document_ref, code, created_at
             FROM document_status ORDER BY document_ref, recipient_member, id DESC)
         SELECT d.direction, l.code AS status, count(*) AS n,
                extract(epoch FROM now() - min(l.created_at)) AS age
           FROM latest l JOIN document d ON d.id = l.document_ref GROUP BY d.direction, l.code
         UNION ALL
         SELECT d.direction, 'none', count(*), extract(epoch FROM now() - min(d.created_at))
           FROM document d
          WHERE NOT EXISTS (SELECT 1 FROM document_status s WHERE s.document_ref = d.id)
          GROUP BY d.direction`,
      ),
    ]);
    setOutbox('documents', outbox[0]);
    setDocuments(statuses);
  }

  /**
   * Seals `delivery` and adds it to the outbox of the caller's transaction; returns the envelope
   * id (the message id a status row records, and the receiver's delivery id) with the signed bytes.
   */
  async enqueue(ctx: PersistenceContext, delivery: OutgoingDelivery): Promise<QueuedDelivery> {
    const queryRunner = ctx.entityManager?.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error('document deliveries are queued in the transaction of their change');
    }
    // every document and status leaves through here: nothing is queued for a suspended member
    // (ENVELOPE_RECIPIENT_SUSPENDED rolls the caller's change back with it)
    this.exchange.runtime.configuration.current().assertRecipientNotSuspended(delivery.recipient);
    // what the receiver will check first: a payload its schema refuses is not sent at all (a
    // status:2 carries the officer's name and unit, taken from the token, as they are)
    this.exchange.runtime.schemas.validate(delivery.type, delivery.payload);
    const sealed = this.exchange.seal({
      recipient: delivery.recipient,
      kind: delivery.kind,
      type: delivery.type,
      payload: delivery.payload,
    });
    // plain SQL: one row per document and status, on the hot path (docs/performance.md)
    const [inserted] = await this.runner
      .repository(ctx, DocumentDelivery)
      .query<{ id: string; created_at: Date }[]>(
        `INSERT INTO document_delivery (message_id, document_ref, kind, recipient_member,
         recipient_subsystem, subject, body, headers, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, created_at`,
        [
          sealed.id,
          delivery.documentRef,
          delivery.kind,
          delivery.recipient.member,
          delivery.recipient.subsystem,
          sealed.subject,
          sealed.bytes,
          JSON.stringify(sealed.headers),
          sealed.expiresAt,
        ],
      );
    if (!inserted) {
      throw new Error('the delivery insert returned no row');
    }
    const row: DocumentDelivery = {
      id: String(inserted.id),
      messageId: sealed.id,
      documentRef: delivery.documentRef,
      kind: delivery.kind,
      recipientMember: delivery.recipient.member,
      recipientSubsystem: delivery.recipient.subsystem,
      subject: sealed.subject,
      body: sealed.bytes,
      headers: { ...sealed.headers },
      expiresAt: sealed.expiresAt,
      createdAt: inserted.created_at,
      attempts: 0,
      lastError: null,
      sentAt: null,
      expiredAt: null,
      refusalCode: null,
      refusalMessageId: null,
      refusedAt: null,
    };
    const rows = this.awaitingCommit.get(queryRunner) ?? [];
    rows.push({
      message_id: sealed.id,
      recipient_member: delivery.recipient.member,
      subject: sealed.subject,
      body: Buffer.from(sealed.bytes),
      headers: { ...sealed.headers },
    });
    this.awaitingCommit.set(queryRunner, rows);
    return { id: sealed.id, bytes: sealed.bytes, signature: sealed.signature, row };
  }

  /** Publishes the rows of a transaction that just committed; leaves failures to the relay. */
  private dispatch(rows: readonly DeliveryRow[]): void {
    const work = this.publishCommitted(rows)
      .catch((error: unknown) => {
        this.exchange.runtime.logger.warn({ err: error }, 'document deliveries left to the relay');
        this.wake();
      })
      .finally(() => this.dispatching.delete(work));
    this.dispatching.add(work);
  }

  private async publishCommitted(rows: readonly DeliveryRow[]): Promise<void> {
    if (this.loop.stopped) {
      return;
    }
    const queues = byRecipient(rows.filter((row) => !this.behind.has(row.recipient_member)));
    if (queues.size < new Set(rows.map((row) => row.recipient_member)).size) {
      this.wake();
    }
    const outcomes = await Promise.all([...queues.values()].map((q) => this.publishInOrder(q)));
    const sent = outcomes.flatMap((o) => o.sent);
    await Promise.all(sent.map((id) => this.sentMarks.add(id)));
    if (outcomes.some((o) => o.failure)) {
      [...queues.keys()].forEach((member, i) => outcomes[i]?.failure && this.behind.add(member));
      this.wake();
    }
  }

  /** Starts a relay run now, or right after the one in progress. */
  wake(): void {
    this.loop.wake();
  }

  /** Relays until no row is unsent or a publication fails; resolves when idle. */
  flush(): Promise<void> {
    return this.loop.flush();
  }

  /** Number of committed deliveries neither acknowledged by JetStream nor expired. */
  async pending(): Promise<number> {
    const rows: { n: string }[] = await this.runner.dataSource.query(
      `SELECT count(*) AS n FROM document_delivery WHERE sent_at IS NULL AND expired_at IS NULL`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** One round: expire, claim, publish each recipient's rows in order, mark what was acked. */
  relayOnce(): Promise<DeliveryRound> {
    return inTransaction(this.runner.dataSource, async (manager) => {
      const [lock] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema()), hashtext('document_delivery')) AS locked`,
      );
      if (!lock?.locked) {
        // another replica's relay is at work on this schema
        return { claimed: 0, sent: 0, failed: 0, expired: 0 };
      }
      const expired = await this.expire(manager);
      const rows: DeliveryRow[] = await manager.query(
        `SELECT message_id, recipient_member, subject, body, headers FROM document_delivery
         WHERE sent_at IS NULL AND expired_at IS NULL ORDER BY id LIMIT $1`,
        [this.options.deliveryBatch],
      );
      const queues = byRecipient(rows);
      const outcomes = await Promise.all([...queues.values()].map((q) => this.publishInOrder(q)));
      const sent = outcomes.flatMap((o) => o.sent);
      if (sent.length > 0) {
        await manager.query(
          `UPDATE document_delivery SET sent_at = now() WHERE message_id = ANY($1::uuid[])`,
          [sent],
        );
      }
      const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
      for (const failure of failures) {
        await manager.query(
          `UPDATE document_delivery SET attempts = attempts + 1, last_error = $2
           WHERE message_id = $1`,
          [failure.messageId, failure.reason.slice(0, 1000)],
        );
      }
      if (failures.length > 0) {
        this.exchange.runtime.logger.warn(
          { failed: failures.length, reason: failures[0]?.reason },
          'document deliveries left in the outbox for later',
        );
      }
      if (rows.length < this.options.deliveryBatch) {
        // every unsent row was in this round: who did not fail has caught up
        const failing = new Set(failures.map((f) => recipientOf(rows, f.messageId)));
        [...this.behind].filter((m) => !failing.has(m)).forEach((m) => this.behind.delete(m));
      }
      return { claimed: rows.length, sent: sent.length, failed: failures.length, expired };
    });
  }

  /** Publishes one recipient's rows one after the other; stops at the first failure. */
  private async publishInOrder(rows: readonly DeliveryRow[]): Promise<QueueOutcome> {
    const sent: string[] = [];
    for (const row of rows) {
      try {
        await this.exchange.publish(
          { id: row.message_id, subject: row.subject, bytes: row.body, headers: row.headers },
          2,
        );
        sent.push(row.message_id);
      } catch (error) {
        const appError = toAppError(error);
        return {
          sent,
          failure: { messageId: row.message_id, reason: `${appError.code}: ${appError.message}` },
        };
      }
    }
    return { sent };
  }

  /**
   * Rows whose envelope expired unsent are not published any more (the receiver would refuse them
   * as ENVELOPE_EXPIRED): they are marked expired, shown as such, and logged.
   */
  private async expire(manager: EntityManager): Promise<number> {
    const rows: { message_id: string; recipient_member: string }[] = await manager.query(
      `WITH expired AS (
         UPDATE document_delivery SET expired_at = now()
         WHERE sent_at IS NULL AND expired_at IS NULL AND expires_at <= now()
         RETURNING message_id, recipient_member)
       SELECT message_id, recipient_member FROM expired`,
    );
    for (const row of rows) {
      this.exchange.runtime.logger.error(
        { messageId: row.message_id, recipient: row.recipient_member },
        'document delivery expired before it could be published',
      );
    }
    return rows.length;
  }
}

/** Rows grouped by recipient, each group in the order given. */
function byRecipient(rows: readonly DeliveryRow[]): Map<string, DeliveryRow[]> {
  const queues = new Map<string, DeliveryRow[]>();
  for (const row of rows) {
    const queue = queues.get(row.recipient_member) ?? [];
    queue.push(row);
    queues.set(row.recipient_member, queue);
  }
  return queues;
}

function recipientOf(rows: readonly DeliveryRow[], messageId: string): string | undefined {
  return rows.find((row) => row.message_id === messageId)?.recipient_member;
}
