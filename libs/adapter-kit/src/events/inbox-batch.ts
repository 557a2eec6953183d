import type { DataSource, EntityManager } from 'typeorm';
import { isAppError, type AppError } from '@lienthong/errors';
import { inTransaction, mapPersistenceError } from '@lienthong/persistence';
import type { BusEvent, EventContext, EventHandler, FollowUpEvent } from './event-handler';
import { EventError } from './events.errors';

/** What happened to one delivered event. */
export type EventOutcome = 'applied' | 'duplicate';

/** Publishes a handler's follow-up event inside the transaction it runs in. */
export type FollowUpPublisher = (
  entityManager: EntityManager,
  event: BusEvent,
  followUp: FollowUpEvent,
) => Promise<string>;

/** Transactions of events at once: one commits while the next batch is being applied. */
const PARALLEL_BATCHES = 2;

interface Pending {
  readonly handler: EventHandler;
  readonly event: BusEvent;
  resolve(outcome: EventOutcome): void;
  reject(error: AppError): void;
}

/**
 * Applies verified events through the idempotent inbox, several per transaction: the events that
 * arrive while a transaction runs wait, and go together in the next one (one BEGIN, one multi-row
 * inbox insert, each new event's handler, one COMMIT) instead of four round trips and a commit
 * flush each. Exactly-once is unchanged: every event's inbox row and effect commit together.
 * If a batch fails for any reason but an outage, its events are applied again one per
 * transaction, so that one event's refusal or fault is never charged to the others.
 */
export class InboxBatcher {
  private readonly queue: Pending[] = [];
  private active = 0;
  private scheduled = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publishFollowUp: FollowUpPublisher,
    private readonly maxBatch: number,
  ) {}

  /** Resolves once the event's inbox row and effect are committed (or found already there). */
  apply(handler: EventHandler, event: BusEvent): Promise<EventOutcome> {
    return new Promise<EventOutcome>((resolve, reject) => {
      this.queue.push({ handler, event, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts a batch on the next turn (so the events verified in this one join it) unless
   * PARALLEL_BATCHES already run: then the queue grows until one of them ends.
   */
  private schedule(): void {
    if (this.scheduled || this.active >= PARALLEL_BATCHES || this.queue.length === 0) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.runBatch();
    });
  }

  private async runBatch(): Promise<void> {
    if (this.active >= PARALLEL_BATCHES || this.queue.length === 0) {
      return;
    }
    this.active++;
    try {
      await this.applyBatch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.active--;
      this.schedule();
    }
  }

  private async applyBatch(batch: Pending[]): Promise<void> {
    if (batch.length === 1) {
      await this.settle(batch);
      return;
    }
    try {
      const outcomes = await this.transaction(batch);
      batch.forEach((p, i) => p.resolve(outcomes[i] ?? 'duplicate'));
    } catch (error) {
      const appError = handlerError(error);
      if (appError.retryable && appError.httpStatus === 503) {
        batch.forEach((p) => p.reject(appError));
        return;
      }
      for (const pending of batch) {
        await this.settle([pending]);
      }
    }
  }

  /** One event in its own transaction, its own verdict. */
  private async settle(single: Pending[]): Promise<void> {
    const [pending] = single;
    try {
      const [outcome] = await this.transaction(single);
      pending?.resolve(outcome ?? 'duplicate');
    } catch (error) {
      pending?.reject(handlerError(error));
    }
  }

  private transaction(batch: readonly Pending[]): Promise<EventOutcome[]> {
    return inTransaction(this.dataSource, async (entityManager) => {
      const inserted: { event_id: string }[] = await entityManager.query(
        `INSERT INTO inbox (event_id, publisher, type)
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[])
         ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [
          batch.map((p) => p.event.id),
          batch.map((p) => p.event.publisher.member),
          batch.map((p) => p.event.eventType),
        ],
      );
      // an id delivered twice within one batch is inserted, and applied, once
      const fresh = new Set(inserted.map((row) => row.event_id));
      const outcomes: EventOutcome[] = [];
      for (const { handler, event } of batch) {
        if (!fresh.delete(event.id)) {
          outcomes.push('duplicate');
          continue;
        }
        const ctx: EventContext = {
          entityManager,
          event,
          publish: (followUp) => this.publishFollowUp(entityManager, event, followUp),
        };
        await handler.handle(ctx, event);
        outcomes.push('applied');
      }
      return outcomes;
    });
  }
}

/** Coded errors keep their verdict; anything else is a bug or a race worth a few retries. */
export function handlerError(error: unknown): AppError {
  const mapped = mapPersistenceError(error);
  if (isAppError(mapped)) {
    return mapped;
  }
  const message = mapped instanceof Error ? mapped.message : String(mapped);
  return new EventError('EVENT_HANDLER_FAILED', message, { cause: error });
}
