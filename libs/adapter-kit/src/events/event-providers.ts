import type { InjectionToken, Provider, Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { EventConsumer } from './event-consumer';
import {
  DEFAULT_EVENT_SETTINGS,
  EVENT_AUDIT,
  EVENT_BUS,
  EVENT_HANDLERS,
  EVENT_SETTINGS,
  type EventHandler,
  type EventHandlerType,
  type EventSettings,
} from './event-handler';
import { EventPublisher } from './event-publisher';
import { AdapterKitEventTables1795500000000 } from './event-tables';
import { OutboxRelay } from './outbox-relay';

/** What an agency declares about events (a part of its AgencyDefinition). */
export interface EventDeclaration {
  readonly publishesEvents?: boolean;
  readonly eventHandlers?: readonly EventHandlerType[];
  readonly eventSettings?: Partial<Omit<EventSettings, 'publishes'>>;
}

/** The kit's event-table migration (outbox and inbox), for an agency that publishes or subscribes. */
export function eventMigrations(agency: EventDeclaration): Type<MigrationInterface>[] {
  return agency.publishesEvents === true || (agency.eventHandlers ?? []).length > 0
    ? [AdapterKitEventTables1795500000000]
    : [];
}

/** Where the kit's own services are found in the adapter module. */
export interface EventBindings {
  readonly bus: InjectionToken;
  readonly audit: InjectionToken;
}

/**
 * The providers of the event pipeline for one agency: none when it neither publishes nor
 * subscribes (its schema then needs no outbox or inbox), else the publisher, the relay when it
 * publishes, and the consumer with the agency's handlers.
 */
export function eventProviders(agency: EventDeclaration, bindings: EventBindings): Provider[] {
  const handlers = [...(agency.eventHandlers ?? [])];
  const publishes = agency.publishesEvents === true;
  if (!publishes && handlers.length === 0) {
    return [];
  }
  const settings: EventSettings = { ...DEFAULT_EVENT_SETTINGS, ...agency.eventSettings, publishes };
  return [
    { provide: EVENT_BUS, useExisting: bindings.bus },
    { provide: EVENT_AUDIT, useExisting: bindings.audit },
    { provide: EVENT_SETTINGS, useValue: settings },
    ...handlers,
    {
      provide: EVENT_HANDLERS,
      useFactory: (...instances: EventHandler[]) => instances,
      inject: handlers,
    },
    EventPublisher,
    EventConsumer,
    ...(publishes ? [OutboxRelay] : []),
  ];
}
