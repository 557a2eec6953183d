import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { publishDurable, streamName } from '@lienthong/messaging';
import { DATA_SOURCE, inTransaction } from '@lienthong/persistence';
import { metrics } from '@lienthong/telemetry';
import { EVENT_BUS, EVENT_SETTINGS, type EventBus, type EventSettings } from './event-handler';
import { RelayLoop } from '../core/relay-loop';
import { eventTypeOfSubject, eventMetrics, setOutbox } from '../core/adapter-metrics';
import { EventPublisher } from './event-publisher';

/** Sent rows are pruned at most this often. */
const PRUNE_INTERVAL_MS = 60_000;

interface OutboxRow {
  readonly event_id: string;
  readonly subject: string;
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

/** What one relay round did. */
export interface RelayRound {
  readonly claimed: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * Moves committed outbox rows to JetStream. Each round claims the oldest unsent rows with
 * `FOR UPDATE SKIP LOCKED` (replicas of the adapter share the work without sending a row twice
 * at once), publishes them concurrently with `Nats-Msg-Id` = event id, and marks sent only the
 * rows the stream acknowledged, in the same transaction. A row whose ack was lost is published
 * again later and JetStream's duplicate window (or the subscriber's inbox) absorbs it.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private readonly loop: RelayLoop;
  private unsubscribe?: () => void;
  private stopScrape?: () => void;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_SETTINGS) private readonly settings: EventSettings,
    private readonly publisher: EventPublisher,
  ) {
    this.loop = new RelayLoop({
      round: () => this.relayOnce(),
      batch: settings.relayBatch,
      // a backlog (after an outage, or commits faster than one round's acks) drains with two
      // rounds in flight: one claims and publishes while the other waits for its acks
      parallel: 2,
      // the poll retries: the rows stay unsent, and nothing was marked that was not acknowledged
      onError: (error) => this.bus.logger.warn({ err: error }, 'outbox relay round failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.stopScrape = metrics.onScrape('events-outbox', () => this.scrape());
    this.unsubscribe = this.publisher.onCommit(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.settings.relayPollMs);
    this.timer.unref();
    this.pruneTimer = setInterval(
      () =>
        void this.prune().catch((error: unknown) =>
          this.bus.logger.warn({ err: error }, 'outbox prune failed'),
        ),
      Math.min(PRUNE_INTERVAL_MS, Math.max(1_000, this.settings.outboxRetentionMs)),
    );
    this.pruneTimer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopScrape?.();
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    this.unsubscribe?.();
    await this.loop.stop();
  }

  /** Starts a relay run now, or right after the one in progress. */
  wake(): void {
    this.loop.wake();
  }

  /** Relays until the outbox holds no unsent row or a publish fails; resolves when idle. */
  flush(): Promise<void> {
    return this.loop.flush();
  }

  /** Number of committed events not yet acknowledged by JetStream. */
  async pending(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Sets the outbox gauges: unsent rows and the age of the oldest (partial index on created_at). */
  private async scrape(): Promise<void> {
    const [row] = await this.dataSource.query<{ n: string; age: string | null }[]>(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at)) AS age
         FROM outbox WHERE sent_at IS NULL`,
    );
    setOutbox('events', row);
  }

  /** Deletes rows sent longer ago than the retention; returns how many. */
  async prune(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => $1)`,
      [this.settings.outboxRetentionMs / 1000],
    );
    return deleted;
  }

  /** One round: claim, publish, mark what was acknowledged. */
  relayOnce(): Promise<RelayRound> {
    return inTransaction(this.dataSource, async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT event_id, subject, body, headers FROM outbox WHERE sent_at IS NULL
         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.settings.relayBatch],
      );
      if (rows.length === 0) {
        return { claimed: 0, sent: 0, failed: 0 };
      }
      const expectStream = streamName(this.bus.namespace, 'EVENTS');
      const results = await Promise.allSettled(
        rows.map((row) =>
          publishDurable(
            this.bus.jetstream,
            row.subject,
            { data: row.body, headers: row.headers, msgId: row.event_id },
            // a publish lost with a stream leader that died is asked again after 2 s rather than
            // the default 5 s: the new leader is elected within about that (docs/operations.md §8);
            // the same Nats-Msg-Id makes a retry of a publish that was in fact stored a duplicate
            { expectStream, attempts: 3, timeoutMs: 2_000 },
          ),
        ),
      );
      const sentRows = rows.filter((_, i) => results[i]?.status === 'fulfilled');
      const sent = sentRows.map((r) => r.event_id);
      await markSent(manager, sent);
      for (const row of sentRows) {
        // acknowledged by the stream; a row published again after a lost ack counts again
        eventMetrics.published(eventTypeOfSubject(row.subject));
      }
      const failed = rows.length - sent.length;
      if (failed > 0) {
        const first = results.find((r) => r.status === 'rejected');
        this.bus.logger.warn({ err: first?.reason, failed }, 'events left in the outbox for later');
      }
      return { claimed: rows.length, sent: sent.length, failed };
    });
  }
}

async function markSent(manager: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) {
    await manager.query(`UPDATE outbox SET sent_at = now() WHERE event_id = ANY($1::uuid[])`, [
      ids,
    ]);
  }
}
