import type { Type } from '@nestjs/common';
import type { DataSubject, EnvelopeBody, Officer, Party, Purpose } from '@lienthong/envelope';
import type { BusNamespace, JetStreamClient, NatsConnection } from '@lienthong/messaging';
import type { TransactionalContext } from '@lienthong/persistence';
import type { Signer } from '@lienthong/pki';
import type { SchemaRegistry } from '@lienthong/schema';
import type { Logger } from '@lienthong/telemetry';
import type { AuditOutcome } from '@lienthong/audit-log';
import type { VerifiedConfiguration } from '@lienthong/trust';

/** A verified life event as a subscriber's handler sees it; never raw bytes or keys. */
export interface BusEvent<P = unknown> {
  /** UUIDv7 = envelope id = `Nats-Msg-Id`. */
  readonly id: string;
  /** e.g. `birth-registered`. */
  readonly eventType: string;
  readonly publisher: Party;
  /** The dossier (procedure instance) this event belongs to. */
  readonly correlationId: string;
  /** The event (or request) that caused this one. */
  readonly causationId?: string;
  readonly issuedAt: string;
  readonly subject?: DataSubject;
  readonly payload: P;
}

/** An event to publish; the kit seals it with this agency's key and routes it by type. */
export interface OutgoingEvent<P = unknown> {
  readonly eventType: string;
  readonly payload: P;
  /** The dossier id; a new conversation (correlation = the event id) when absent. */
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Chosen by the caller when the id must be known before sealing (e.g. a test's duplicate). */
  readonly id?: string;
  readonly subject?: DataSubject;
  readonly purpose?: Purpose;
  readonly officer?: Officer;
}

/** A follow-up event of a handler: correlation and causation come from the event being handled. */
export type FollowUpEvent<P = unknown> = Omit<OutgoingEvent<P>, 'correlationId' | 'causationId'>;

/** What a handler gets: the transaction its effect and the inbox row commit in, and a publisher. */
export interface EventContext extends TransactionalContext {
  readonly event: BusEvent;
  /** Publishes a follow-up event in the same transaction (same dossier, caused by this event). */
  publish<P>(event: FollowUpEvent<P>): Promise<string>;
}

/** What {@link EventHandler.handleBatch} gets: one transaction for several events. */
export interface EventBatchContext extends TransactionalContext {
  /** Publishes a follow-up of `cause` (one of the batch's events) in the same transaction. */
  publish<P>(cause: BusEvent, event: FollowUpEvent<P>): Promise<string>;
}

/**
 * A subscription of this agency: one durable consumer per (publisher, event type). The kit
 * verifies the event, checks the subscription right and the payload schema, and dedupes through
 * the inbox before `handle` runs; `handle` applies the effect through `ctx` only. Throw
 * EVENT_REFUSED (or another non-retryable AppError) to dead-letter the event with its code.
 */
export interface EventHandler<P = unknown> {
  /** Publishing member, e.g. `CIV`. */
  readonly publisher: string;
  /** Event type, e.g. `birth-registered`. */
  readonly eventType: string;
  handle(ctx: EventContext, event: BusEvent<P>): Promise<void>;
  /**
   * Optional: applies several new events of this subscription at once (e.g. one multi-row
   * INSERT instead of a statement per event), in the transaction their inbox rows commit in.
   * It must have the effect of `handle` on each event in turn: the kit calls it for the events of
   * an inbox batch, and `handle` alone for a single event, or for each event again when a batch
   * failed (so that a refusal is charged to its own event only).
   */
  handleBatch?(ctx: EventBatchContext, events: readonly BusEvent<P>[]): Promise<void>;
}

/** The handler classes an agency lists (resolved through Nest DI, like look-up handlers). */
export type EventHandlerType = Type<EventHandler<never>>;

/** Injection token of the resolved handler instances. */
export const EVENT_HANDLERS = Symbol('EVENT_HANDLERS');
/** Injection token of the adapter's bus runtime, as the event pipeline uses it. */
export const EVENT_BUS = Symbol('EVENT_BUS');
/** Injection token of the adapter's audit trail, as the event pipeline uses it. */
export const EVENT_AUDIT = Symbol('EVENT_AUDIT');
/** Injection token of the {@link EventSettings} of this adapter. */
export const EVENT_SETTINGS = Symbol('EVENT_SETTINGS');

/** What the event pipeline needs of the adapter's bus connection (BusRuntime provides it). */
export interface EventBus {
  readonly self: Party;
  readonly namespace: BusNamespace;
  readonly signer: Signer;
  readonly schemas: SchemaRegistry;
  readonly logger: Logger;
  readonly nats: NatsConnection;
  readonly jetstream: JetStreamClient;
  readonly configuration: { current(): VerifiedConfiguration };
}

/** What the event pipeline needs of the audit trail (AuditTrail provides it). */
export interface EventAudit {
  record(facts: {
    readonly body?: Partial<EnvelopeBody>;
    readonly bytes?: Uint8Array;
    readonly signature?: string;
    readonly outcome: AuditOutcome;
    readonly verified: boolean;
    readonly claimedSender?: Party;
  }): Promise<unknown>;
}

/** Tuning of the event pipeline; the defaults suit one adapter on the development machine. */
export interface EventSettings {
  /** Whether this agency publishes (runs the outbox relay). */
  readonly publishes: boolean;
  /** Fallback poll of the outbox when no commit woke the relay; default 500 ms. */
  readonly relayPollMs: number;
  /** Outbox rows claimed and published per relay round; default 256. */
  readonly relayBatch: number;
  /**
   * How long a sent outbox row is kept for operators before the relay deletes it; default one
   * hour. The stream, not the outbox, is the record of what was published.
   */
  readonly outboxRetentionMs: number;
  /** Messages pulled ahead per subscription; default 128. */
  readonly prefetch: number;
  /**
   * Events in hand at once per subscription, default 256 (the consumer's max_ack_pending also
   * caps it); also the largest inbox transaction. Under load the events of a subscription fill
   * the inbox transactions of both lanes, so this is what makes batches large (the inbox makes
   * order and duplicates harmless).
   */
  readonly concurrency: number;
  /** Deliveries before a failing event is dead-lettered; default 5. */
  readonly maxDeliver: number;
  /** Redelivery delays; default 1 s, 5 s, 30 s, 2 min. */
  readonly backoffMs: readonly number[];
  /** Unacknowledged time before redelivery; default 30 s. */
  readonly ackWaitMs: number;
}

/** The defaults of {@link EventSettings}. */
export const DEFAULT_EVENT_SETTINGS: Omit<EventSettings, 'publishes'> = Object.freeze({
  relayPollMs: 500,
  relayBatch: 256,
  outboxRetentionMs: 3_600_000,
  prefetch: 128,
  concurrency: 256,
  maxDeliver: 5,
  backoffMs: [1_000, 5_000, 30_000, 120_000],
  ackWaitMs: 30_000,
});
