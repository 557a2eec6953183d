import type { Provider, Type } from '@nestjs/common';
import type { DataSource, EntityManager, MigrationInterface } from 'typeorm';
import type { EventSettings, EventHandlerType } from './events/event-handler';
import type { DocumentDeclaration } from './documents/document-declaration';
import type { LookupHandler } from './lookups/lookup-handler';
import type { WebhookDeclaration } from './webhooks/webhook-declaration';
import type { WitnessDeclaration } from './witness/witness-declaration';

/** Everything an agency app declares; the kit does the rest (style G6). */
export interface AgencyDefinition {
  /** Member code, e.g. `POP`. */
  readonly member: string;
  /** Subsystem code of this adapter, e.g. `registry`. */
  readonly subsystem: string;
  /** Human name, for logs and the OpenAPI title. */
  readonly title: string;
  /** PostgreSQL schema of this agency's registry and bus tables. */
  readonly schema: string;
  readonly entities: readonly Type<object>[];
  /** The registry's own migrations; the kit adds those of its tables (adapterMigrations). */
  readonly migrations: readonly Type<MigrationInterface>[];
  readonly lookupHandlers: readonly Type<LookupHandler<never, object>>[];
  /** Serve the officers' look-up API (`POST /v1/lookups/{service}`); default true. */
  readonly consumerApi?: boolean;
  readonly controllers?: readonly Type<unknown>[];
  /** The app's providers (its registry's repositories); tests resolve them without the bus. */
  readonly providers?: readonly Provider[];
  /**
   * Providers only the app's controllers use, which may need the bus (a `LookupClient`, an
   * `EventPublisher`): registered by the kit with the controllers, never without the bus.
   */
  readonly controllerProviders?: readonly Provider[];
  /** Publishes life events through the transactional outbox (the kit creates `outbox` and `inbox`). */
  readonly publishesEvents?: boolean;
  /** Subscriptions: one durable consumer per handler (the kit creates `inbox` and `outbox`). */
  readonly eventHandlers?: readonly EventHandlerType[];
  /** Tuning of the event pipeline (relay poll and batch, prefetch, redelivery). */
  readonly eventSettings?: Partial<Omit<EventSettings, 'publishes'>>;
  /** Official documents (edXML), with optional limits; the kit creates the document tables. */
  readonly documents?: DocumentDeclaration['documents'];
  /** Witness the audit log (cosign its checkpoints); the kit creates the witness table. */
  readonly witness?: WitnessDeclaration['witness'];
  /** Push to the agency's own systems (webhooks); the kit creates the webhook tables. */
  readonly webhooks?: WebhookDeclaration['webhooks'];
}

/** Handlers need the registry's DataSource; re-exported so apps import only the kit. */
export type { DataSource, EntityManager };
