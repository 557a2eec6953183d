import type { DataSource, EntityManager } from 'typeorm';
import { isAppError, type AppError } from '@lienthong/errors';
import { inTransaction, mapPersistenceError } from '@lienthong/persistence';
import type { BusEvent, EventContext, EventHandler, FollowUpEvent } from './event-handler';
import { GroupCommit } from '../core/group-commit';
import { EventError } from './events.errors';

/** What happened to one delivered event. */
export type EventOutcome = 'applied' | 'duplicate';

/** Publishes a handler's follow-up event inside the transaction it runs in. */
export type FollowUpPublisher = (
  entityManager: EntityManager,
  event: BusEvent,
  followUp: FollowUpEvent,
) => Promise<string>;

/**
 * Transactions of events at once: one commits while the next batch is being applied. Each runs
 * its own lane of dossiers, so two of them never wait for (or deadlock on) the same dossier.
 */
const LANES = 2;

/** SQLSTATEs of a transaction aborted by another one: serialization failure, deadlock. */
const CONFLICT_SQLSTATE = new Set(['40001', '40P01']);

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
 *
 * Events are split into {@link LANES} lanes by correlation id (the dossier), each a group commit
 * (the kit's GroupCommit) applying one transaction at a time: the events of one dossier are never
 * in two transactions at once, so handlers that lock their dossier (civil status settling a step)
 * neither wait for nor deadlock with the other lane. If a batch fails for any reason but an outage, its events are applied again
 * one per transaction, so that one event's refusal or fault is never charged to the others.
 */
export class InboxBatcher {
  private readonly lanes: GroupCommit<Pending>[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly publishFollowUp: FollowUpPublisher,
    maxBatch: number,
  ) {
    this.lanes = Array.from(
      { length: LANES },
      () => new GroupCommit<Pending>((batch) => this.applyBatch(batch), { maxItems: maxBatch }),
    );
  }

  /** Resolves once the event's inbox row and effect are committed (or found already there). */
  apply(handler: EventHandler, event: BusEvent): Promise<EventOutcome> {
    return new Promise<EventOutcome>((resolve, reject) => {
      // applyBatch settles every event itself; a fault of its own still reaches the caller
      this.lanes[laneOf(event.correlationId)]
        .add({ handler, event, resolve, reject })
        .catch((error: unknown) => reject(handlerError(error)));
    });
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
      if (appError.retryable && appError.httpStatus === 503 && !isConflict(error)) {
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
      const outcomes = batch.map((p): EventOutcome =>
        fresh.delete(p.event.id) ? 'applied' : 'duplicate',
      );
      await this.applyNew(
        entityManager,
        batch.filter((_, i) => outcomes[i] === 'applied'),
      );
      return outcomes;
    });
  }

  /**
   * Runs the handlers of the batch's new events in arrival order; a handler with `handleBatch`
   * gets all of its events at once, where the first of them arrived.
   */
  private async applyNew(entityManager: EntityManager, applied: readonly Pending[]): Promise<void> {
    const byHandler = new Map<EventHandler, BusEvent[]>();
    for (const { handler, event } of applied) {
      const events = byHandler.get(handler);
      if (events) {
        events.push(event);
      } else {
        byHandler.set(handler, [event]);
      }
    }
    const publish = (cause: BusEvent, followUp: FollowUpEvent) =>
      this.publishFollowUp(entityManager, cause, followUp);
    for (const { handler, event } of applied) {
      const events = byHandler.get(handler) ?? [];
      if (handler.handleBatch && events.length > 1) {
        if (events[0] === event) {
          await handler.handleBatch({ entityManager, publish }, events);
        }
        continue;
      }
      const ctx: EventContext = {
        entityManager,
        event,
        publish: (followUp) => publish(event, followUp),
      };
      await handler.handle(ctx, event);
    }
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

/** The lane of a dossier: FNV-1a of its correlation id. */
function laneOf(correlationId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < correlationId.length; i++) {
    hash = Math.imul(hash ^ correlationId.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0) % LANES;
}

/**
 * Whether another transaction aborted this one (deadlock, serialization failure): not an outage,
 * so the batch's events are tried again one by one at once rather than held.
 */
function isConflict(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONFLICT_SQLSTATE.has(code)) {
      return true;
    }
  }
  return false;
}
