import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { seal, type SealedMessage } from '@lienthong/envelope';
import { eventSubject } from '@lienthong/messaging';
import {
  DATA_SOURCE,
  inTransaction,
  type PersistenceContext,
  type TransactionalContext,
} from '@lienthong/persistence';
import {
  EVENT_BUS,
  EVENT_SETTINGS,
  type EventBus,
  type EventSettings,
  type OutgoingEvent,
} from './event-handler';
import { eventMessageType } from './event-types';
import { EventError } from './events.errors';

function transactionOf(ctx: PersistenceContext): QueryRunner {
  const queryRunner = ctx.entityManager?.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    throw new EventError(
      'EVENT_NOT_IN_TRANSACTION',
      'events are published in the transaction of the change they announce',
    );
  }
  return queryRunner;
}

/** Rows per INSERT statement (5 parameters each; PostgreSQL takes at most 65,535). */
const ROWS_PER_INSERT = 1_000;

interface PendingRow {
  readonly eventId: string;
  readonly subject: string;
  readonly body: Buffer;
  readonly signature: string;
  readonly headers: string;
}

/**
 * Publishes this agency's life events through the transactional outbox: `publish` seals the event
 * and adds it to the outbox of the caller's transaction, so the registry change and its event
 * commit (or roll back) together. The rows of a transaction are inserted together, in one
 * statement, just before it commits (or before a savepoint begins inside it): a transaction that
 * announces a hundred events pays one round trip for them, not a hundred. The relay is woken as
 * soon as such a transaction commits.
 */
@Injectable()
export class EventPublisher {
  /** Sealed rows of each open transaction, not inserted yet. */
  private readonly pending = new WeakMap<QueryRunner, PendingRow[]>();
  private readonly awaitingCommit = new WeakSet<QueryRunner>();
  private readonly listeners = new Set<() => void>();

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_SETTINGS) private readonly settings: EventSettings,
  ) {
    const subscriber: EntitySubscriberInterface = {
      // A savepoint about to begin (a transaction's own start finds nothing pending): the rows so
      // far belong to the enclosing level, whose rollback alone may drop them, so they go in now.
      beforeTransactionStart: ({ queryRunner }) => this.insertPending(queryRunner),
      // Before COMMIT (or a savepoint's release): a failed insert fails the commit, which rolls
      // the whole transaction back, as a failed insert inside `publish` would have.
      beforeTransactionCommit: ({ queryRunner }) => this.insertPending(queryRunner),
      afterTransactionCommit: ({ queryRunner }) => this.committed(queryRunner),
      // Whatever was not inserted yet was published inside the level being rolled back.
      afterTransactionRollback: ({ queryRunner }) => {
        this.pending.delete(queryRunner);
        if (!queryRunner.isTransactionActive) {
          this.awaitingCommit.delete(queryRunner);
        }
      },
    };
    // TypeORM broadcasts transaction events to the data source's subscribers read at call time.
    dataSource.subscribers.push(subscriber);
  }

  /**
   * Seals `event` and adds it to the outbox of the caller's transaction; returns the sealed
   * message. The row is written when the transaction commits (not readable inside it before).
   */
  publish<P>(ctx: PersistenceContext, event: OutgoingEvent<P>): Promise<SealedMessage<P>> {
    // nothing to wait for until the commit; a refusal still arrives as a rejection
    return new Promise((resolve) => resolve(this.add(ctx, event)));
  }

  private add<P>(ctx: PersistenceContext, event: OutgoingEvent<P>): SealedMessage<P> {
    if (!this.settings.publishes) {
      throw new EventError(
        'EVENT_PUBLISHING_DISABLED',
        `${this.bus.self.member} does not declare publishesEvents`,
      );
    }
    const queryRunner = transactionOf(ctx);
    const type = eventMessageType(event.eventType);
    if (!this.bus.schemas.has(type)) {
      throw new EventError('EVENT_TYPE_UNKNOWN', `no schema ${type}`);
    }
    this.bus.schemas.validate(type, event.payload);
    const { settings } = this.bus.configuration.current();
    const sealed = seal(
      {
        type,
        // An event has no single recipient: it is addressed to its publisher's own stream and the
        // global configuration's event rights decide who may read it.
        recipient: this.bus.self,
        payload: event.payload,
        ...optional(event),
      },
      this.bus.signer,
      { ttlMs: settings.maxLifetimeSeconds * 1000 },
    );
    const rows = this.pending.get(queryRunner) ?? [];
    this.pending.set(queryRunner, rows);
    rows.push({
      eventId: sealed.body.id,
      subject: eventSubject(this.bus.namespace, this.bus.self.member, event.eventType),
      body: Buffer.from(sealed.bytes),
      signature: sealed.signature,
      headers: JSON.stringify(sealed.headers),
    });
    this.awaitingCommit.add(queryRunner);
    return sealed;
  }

  /** Runs `work` in a new transaction (or the caller's) and returns its result once committed. */
  transaction<T>(work: (ctx: TransactionalContext) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (entityManager) => work({ entityManager }));
  }

  /** Calls `listener` after every commit that added outbox rows (the relay's wake-up). */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The transaction's rows not written yet, in multi-row INSERTs. */
  private async insertPending(queryRunner: QueryRunner): Promise<void> {
    const rows = this.pending.get(queryRunner);
    if (!rows || rows.length === 0) {
      return;
    }
    this.pending.delete(queryRunner);
    for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
      const chunk = rows.slice(from, from + ROWS_PER_INSERT);
      // one parameter per value, not arrays: node-postgres sends a Buffer parameter as binary,
      // but a bytea[] array as hex text (twice the bytes, and the escaping)
      await queryRunner.query(
        `INSERT INTO outbox (event_id, subject, body, signature, headers) VALUES ${chunk
          .map(
            (_, i) =>
              `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5}::jsonb)`,
          )
          .join(', ')}`,
        chunk.flatMap((r) => [r.eventId, r.subject, r.body, r.signature, r.headers]),
      );
    }
  }

  private committed(queryRunner: QueryRunner): void {
    // a savepoint released: the transaction still runs, its rows are not visible to the relay yet
    if (queryRunner.isTransactionActive) {
      return;
    }
    if (this.awaitingCommit.delete(queryRunner)) {
      for (const listener of this.listeners) {
        listener();
      }
    }
  }
}

function optional(event: OutgoingEvent) {
  const { id, correlationId, causationId, subject, purpose, officer } = event;
  return {
    ...(id ? { id } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(causationId ? { causationId } : {}),
    ...(subject ? { subject } : {}),
    ...(purpose ? { purpose } : {}),
    ...(officer ? { officer } : {}),
  };
}
