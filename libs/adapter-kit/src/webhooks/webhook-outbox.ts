import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
import { BusRuntime } from '../core/bus-runtime';
import { WebhookRelay } from './webhook-relay';
import { WebhookRepository } from './webhook.repository';
import { WEBHOOK_DELIVERY_TYPE, type WebhookTopic } from './webhooks.constants';

/** Something to tell the agency's systems: the `data` of a delivery of `topic`. */
export interface WebhookEvent {
  readonly topic: WebhookTopic;
  readonly data: Record<string, unknown> & { readonly kind: WebhookTopic };
}

/**
 * The webhook outbox: `enqueue` adds one delivery per active endpoint taking the event's topic,
 * in the caller's transaction, so the change and the push announcing it commit together or not
 * at all (a receiver down for hours loses nothing: the rows wait in PostgreSQL). Right after the
 * commit the relay is woken; its timer covers a restart.
 */
@Injectable()
export class WebhookOutbox {
  private readonly awaitingCommit = new WeakSet<QueryRunner>();

  constructor(
    private readonly runtime: BusRuntime,
    private readonly repository: WebhookRepository,
    private readonly relay: WebhookRelay,
    runner: TransactionRunner,
  ) {
    // TypeORM broadcasts transaction events to the data source's subscribers read at call time
    runner.dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        if (this.awaitingCommit.delete(queryRunner)) {
          this.relay.wake();
        }
      },
      afterTransactionRollback: ({ queryRunner }) => {
        this.awaitingCommit.delete(queryRunner);
      },
    });
  }

  /** Queues `event` for every endpoint that takes its topic; returns the delivery ids. */
  enqueue(ctx: PersistenceContext, event: WebhookEvent): Promise<string[]> {
    return this.enqueueMany(ctx, [event]);
  }

  /**
   * Queues several events of one transaction (an inbox batch's steps) with one look-up of the
   * endpoints per topic and one INSERT; returns the delivery ids.
   */
  async enqueueMany(ctx: PersistenceContext, events: readonly WebhookEvent[]): Promise<string[]> {
    const queryRunner = ctx.entityManager?.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error('webhook deliveries are queued in the transaction of their change');
    }
    const endpoints = new Map<string, string[]>();
    for (const topic of new Set(events.map((event) => event.topic))) {
      endpoints.set(topic, await this.repository.endpointsFor(ctx, topic));
    }
    const occurredAt = new Date().toISOString();
    const rows = events.flatMap((event) =>
      (endpoints.get(event.topic) ?? []).map((endpointId) => {
        const id = uuidv7();
        const delivery = {
          id,
          topic: event.topic,
          occurredAt,
          agency: this.runtime.self,
          data: event.data,
        };
        // the receiver checks the body against the same schema: one it would refuse is not queued
        this.runtime.schemas.validate(WEBHOOK_DELIVERY_TYPE, delivery);
        return {
          id,
          endpointId,
          topic: event.topic,
          body: Buffer.from(JSON.stringify(delivery), 'utf8'),
        };
      }),
    );
    if (rows.length === 0) {
      return [];
    }
    await this.repository.insertDeliveries(ctx, rows);
    this.awaitingCommit.add(queryRunner);
    return rows.map((row) => row.id);
  }
}
