import { Injectable } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  EVENT_ENTITIES,
  type AgencyDefinition,
  type BusEvent,
  type EventBatchContext,
  type EventContext,
  type EventHandler,
} from '@lienthong/adapter-kit';
import type { TransactionalContext } from '@lienthong/persistence';

/** Event tables and the subscriber's effect table, with the time each effect committed. */
class CreateEventsBenchTables1795700000100 implements MigrationInterface {
  readonly name = 'CreateEventsBenchTables1795700000100';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE effects (
      event_id uuid NOT NULL, issued_at timestamptz NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE effects`);
  }
}

/**
 * The subscriber's effect: one row per applied event (no unique key: doubles would show), the
 * rows of an inbox batch in one statement, as the ceiling inserts its rows.
 */
@Injectable()
export class RecordBirth implements EventHandler {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';
  async handle(ctx: EventContext, event: BusEvent): Promise<void> {
    await this.insert(ctx, [event]);
  }
  async handleBatch(ctx: EventBatchContext, events: readonly BusEvent[]): Promise<void> {
    await this.insert(ctx, events);
  }
  private async insert(ctx: TransactionalContext, events: readonly BusEvent[]): Promise<void> {
    await ctx.entityManager.query(
      `INSERT INTO effects (event_id, issued_at)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[])`,
      [events.map((e) => e.id), events.map((e) => e.issuedAt)],
    );
  }
}

/** A bench adapter: CIV publishes, POP subscribes; no registry, no look-ups. */
export function eventsBenchAgency(member: 'CIV' | 'POP', schema: string): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Bench ${member}`,
    schema,
    entities: [...EVENT_ENTITIES],
    migrations: [CreateEventsBenchTables1795700000100],
    lookupHandlers: [],
    consumerApi: false,
    eventSettings: { relayPollMs: 50, backoffMs: [5_000, 10_000], maxDeliver: 10 },
    ...(member === 'CIV' ? { publishesEvents: true } : { eventHandlers: [RecordBirth] }),
  };
}

/** A valid `birth-registered` payload (schemas/events/birth-registered/v1). */
export function birthPayload() {
  return {
    dossierId: uuidv7(),
    registration: {
      communeCode: '00004',
      bookNo: 'KS-2026',
      entryNo: 1,
      registeredOn: '2026-11-23',
    },
    child: {
      fullName: 'Nguyễn Minh Khôi',
      sex: 'MALE',
      birthDate: '2026-11-20',
      placeOfBirth: 'Hà Nội',
    },
    fatherPersonalId: '001085012345',
    residenceParentPersonalId: '001085012345',
  };
}
