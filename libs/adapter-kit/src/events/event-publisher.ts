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
import { OutboxEntry } from './outbox.entity';

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

/**
 * Publishes this agency's life events through the transactional outbox: `publish` seals the event
 * and inserts it into `outbox` in the caller's transaction, so the registry change and its event
 * commit (or roll back) together. The relay is woken as soon as such a transaction commits.
 */
@Injectable()
export class EventPublisher {
  private readonly awaitingCommit = new WeakSet<QueryRunner>();
  private readonly listeners = new Set<() => void>();

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_SETTINGS) private readonly settings: EventSettings,
  ) {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => this.committed(queryRunner),
      afterTransactionRollback: ({ queryRunner }) => {
        this.awaitingCommit.delete(queryRunner);
      },
    };
    // TypeORM broadcasts transaction events to the data source's subscribers read at call time.
    dataSource.subscribers.push(subscriber);
  }

  /** Seals `event` and adds it to the outbox of the caller's transaction; returns the sealed message. */
  async publish<P>(ctx: PersistenceContext, event: OutgoingEvent<P>): Promise<SealedMessage<P>> {
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
    await queryRunner.manager.insert(OutboxEntry, {
      eventId: sealed.body.id,
      subject: eventSubject(this.bus.namespace, this.bus.self.member, event.eventType),
      body: sealed.bytes,
      signature: sealed.signature,
      headers: sealed.headers,
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

  private committed(queryRunner: QueryRunner): void {
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
