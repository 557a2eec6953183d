import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  ACCEPT_REDELIVERIES,
  EnvelopeVerifier,
  peekUnverifiedBody,
  type EnvelopeBody,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  consumeDurable,
  ensureDurableConsumer,
  eventConsumerName,
  eventSubject,
  jetstreamManager,
  streamName,
  type BusNamespace,
  type DurableConsumerOptions,
  type DurableConsumption,
  type DurableMessage,
  type PoisonReport,
} from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import {
  EVENT_AUDIT,
  EVENT_BUS,
  EVENT_HANDLERS,
  EVENT_SETTINGS,
  DEFAULT_EVENT_SETTINGS,
  type BusEvent,
  type EventAudit,
  type EventBus,
  type EventHandler,
  type EventSettings,
} from './event-handler';
import { EventPublisher } from './event-publisher';
import { InboxBatcher, type EventOutcome } from './inbox-batch';
import { eventMessageType } from './event-types';
import { EventError } from './events.errors';
import { acceptedFacts } from '../core/audit-trail';
import { eventMetrics } from '../core/adapter-metrics';

/** Pause before a subscription whose pull loop ended is started again. */
const RESTART_DELAY_MS = 1_000;

/**
 * The durable consumer of one event subscription, as the operator provisions it (the launcher,
 * deploy/nats/provision.sh) and as an adapter allowed to create it would: one definition for both.
 */
export function eventConsumerOptions(
  namespace: BusNamespace,
  subscriber: { member: string; subsystem: string },
  subscription: { publisher: string; eventType: string },
  settings: Pick<
    EventSettings,
    'maxDeliver' | 'backoffMs' | 'ackWaitMs' | 'prefetch'
  > = DEFAULT_EVENT_SETTINGS,
): DurableConsumerOptions {
  const { publisher, eventType } = subscription;
  return {
    name: eventConsumerName(subscriber.member, subscriber.subsystem, publisher, eventType),
    filterSubject: eventSubject(namespace, publisher, eventType),
    maxDeliver: settings.maxDeliver,
    backoffMs: [...settings.backoffMs],
    ackWaitMs: settings.ackWaitMs,
    maxAckPending: Math.max(settings.prefetch * 2, 256),
    description: `${subscriber.member} applies ${publisher} ${eventType}`,
  };
}

/**
 * Runs this agency's subscriptions: one durable consumer per handler, each message verified like
 * any envelope (as of the time the stream stored it, so that a rebuild from an old sequence still
 * verifies), then the publisher and the subscription right checked against the verified
 * configuration, then inbox row + handler effect in ONE transaction, then the audit record, then
 * the ack. A permanent refusal is dead-lettered with its code; a transient failure is retried.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumptions = new Set<DurableConsumption>();
  private stopping = false;
  private readonly inbox: InboxBatcher;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(EVENT_AUDIT) private readonly audit: EventAudit,
    @Inject(EVENT_HANDLERS) private readonly handlers: EventHandler[],
    @Inject(EVENT_SETTINGS) private readonly settings: EventSettings,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    publisher: EventPublisher,
  ) {
    this.inbox = new InboxBatcher(
      dataSource,
      async (entityManager, event, followUp) => {
        const sealed = await publisher.publish(
          { entityManager },
          { ...followUp, correlationId: event.correlationId, causationId: event.id },
        );
        return sealed.body.id;
      },
      settings.concurrency,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.handlers.map((handler) => this.start(handler)));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const running = [...this.consumptions];
    this.consumptions.clear();
    await Promise.all(running.map((c) => c.stop()));
  }

  /** The durable consumer name of a handler's subscription. */
  consumerName(handler: Pick<EventHandler, 'publisher' | 'eventType'>): string {
    const { member, subsystem } = this.bus.self;
    return eventConsumerName(member, subsystem, handler.publisher, handler.eventType);
  }

  /**
   * Starts one subscription. A subscription that cannot start (its consumer missing and this
   * adapter's NATS user not allowed to create it) is logged and skipped, so that the adapter
   * still serves its look-ups; the events wait in the stream until it can.
   */
  private async start(handler: EventHandler): Promise<void> {
    try {
      this.supervise(handler, await this.subscribe(handler));
    } catch (error) {
      this.bus.logger.error(
        { err: error, consumer: this.consumerName(handler) },
        'event subscription not started',
      );
    }
  }

  /**
   * A pull loop ends on its own when the server loses the consumer for a while (a nats-server
   * restart while JetStream recovers its store); it is started again, or the subscription would
   * stall silently with events waiting in the stream.
   */
  private supervise(handler: EventHandler, consumption: DurableConsumption): void {
    this.consumptions.add(consumption);
    const restart = async (reason: unknown) => {
      this.consumptions.delete(consumption);
      if (this.stopping) {
        return;
      }
      this.bus.logger.warn(
        { err: reason, consumer: this.consumerName(handler) },
        'event subscription ended, restarting',
      );
      await sleep(RESTART_DELAY_MS);
      if (!this.stopping) {
        await this.resubscribe(handler);
      }
    };
    consumption.done.then(
      () => restart(undefined),
      (error: unknown) => restart(error),
    );
  }

  private async resubscribe(handler: EventHandler): Promise<void> {
    for (;;) {
      try {
        this.supervise(handler, await this.subscribe(handler));
        return;
      } catch (error) {
        this.bus.logger.warn(
          { err: error, consumer: this.consumerName(handler) },
          'event subscription not restarted yet',
        );
        await sleep(RESTART_DELAY_MS);
        if (this.stopping) {
          return;
        }
      }
    }
  }

  private async subscribe(handler: EventHandler): Promise<DurableConsumption> {
    const stream = streamName(this.bus.namespace, 'EVENTS');
    const consumer = this.consumerName(handler);
    const jsm = await jetstreamManager(this.bus.nats);
    // An existing consumer is the operator's (its limits may be tuned): used as it is.
    const exists = await jsm.consumers.info(stream, consumer).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await this.create(handler, stream);
    }
    return this.consume(handler, stream, consumer);
  }

  private async create(handler: EventHandler, stream: string): Promise<void> {
    await ensureDurableConsumer(
      await jetstreamManager(this.bus.nats),
      stream,
      eventConsumerOptions(this.bus.namespace, this.bus.self, handler, this.settings),
    );
  }

  private consume(
    handler: EventHandler,
    stream: string,
    consumer: string,
  ): Promise<DurableConsumption> {
    return consumeDurable(this.bus.jetstream, {
      stream,
      consumer,
      handler: async (message) => {
        await this.process(handler, message);
      },
      deadLetter: { namespace: this.bus.namespace, member: this.bus.self.member },
      onPoison: (report) => {
        eventMetrics.deadLettered(handler.eventType, report.error.code);
        return this.auditPoison(report);
      },
      prefetch: this.settings.prefetch,
      concurrency: this.settings.concurrency,
      logger: this.bus.logger,
    });
  }

  /** Verifies, dedupes and applies one delivered event; throws a coded error to nak or dead-letter. */
  async process(handler: EventHandler, message: DurableMessage): Promise<EventOutcome> {
    if (message.deliveryCount > 1) {
      eventMetrics.redelivered(handler.eventType);
    }
    const verified = await this.verify(handler, message);
    const outcome = await this.inbox.apply(handler, toBusEvent(handler.eventType, verified.body));
    // Also on a duplicate: if the first delivery's audit write failed after its effect committed,
    // this one writes it; otherwise the record's name-based id makes it a no-op downstream.
    await this.audit.record(acceptedFacts(verified));
    eventMetrics.applied(handler.eventType, outcome);
    return outcome;
  }

  private verify(handler: EventHandler, message: DurableMessage): Promise<VerifiedEnvelope> {
    const config = this.bus.configuration.current();
    const { settings } = config;
    const verifier = new EnvelopeVerifier({
      trustStore: () => this.bus.configuration.current().trustStore,
      schemas: this.bus.schemas,
      replay: ACCEPT_REDELIVERIES,
      clock: () => message.timestamp,
      maxBytes: settings.maxMessageBytes,
      clockSkewMs: settings.clockSkewSeconds * 1000,
      maxLifetimeMs: settings.maxLifetimeSeconds * 1000,
    });
    return verifier.open(message.data, message.headers[LT_SIGNATURE], {
      type: eventMessageType(handler.eventType),
      headers: message.headers,
      authorize: (body) => {
        if (body.sender.member !== handler.publisher) {
          throw new EventError(
            'EVENT_PUBLISHER_MISMATCH',
            `${body.sender.member} signed an event on ${handler.publisher}'s subject`,
          );
        }
        if (!config.eventRight(this.bus.self, handler.publisher, handler.eventType)) {
          throw new EventError(
            'EVENT_SUBSCRIPTION_DENIED',
            `${this.bus.self.member}/${this.bus.self.subsystem} may not receive ${handler.publisher} ${handler.eventType}`,
          );
        }
      },
    });
  }

  private async auditPoison(report: PoisonReport): Promise<void> {
    try {
      await this.audit.record({
        body: peekUnverifiedBody(report.message.data) as Partial<EnvelopeBody>,
        bytes: report.message.data,
        verified: false,
        outcome: { status: 'refused', code: report.error.code },
      });
    } catch (error) {
      this.bus.logger.error({ err: error }, 'dead-lettered event could not be audited');
    }
  }
}

function toBusEvent(eventType: string, body: EnvelopeBody): BusEvent {
  return {
    id: body.id,
    eventType,
    publisher: body.sender,
    correlationId: body.correlationId,
    ...(body.causationId ? { causationId: body.causationId } : {}),
    issuedAt: body.issuedAt,
    ...(body.subject ? { subject: body.subject } : {}),
    payload: body.payload,
  };
}
