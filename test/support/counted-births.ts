// The subscriber of the reliability tests (test/events-*.e2e-spec.ts): every applied
// `birth-registered` adds a row to a table without a unique key, so an event applied twice shows
// as two rows and a lost one as none.
import { Injectable } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  EVENT_ENTITIES,
  type AgencyDefinition,
  type BusEvent,
  type EventContext,
  type EventHandler,
} from '@lienthong/adapter-kit';

/** Event tables and the effects, stamped with the server's clock when they commit. */
export class CreateCountedBirths1795500000000 implements MigrationInterface {
  readonly name = 'CreateCountedBirths1795500000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE effects (
         event_id uuid NOT NULL,
         run varchar(8) NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
       )`,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE effects`);
  }
}

interface Birth {
  readonly dossierId: string;
  readonly registration: { readonly bookNo: string };
}

/** One effect row per applied birth, labelled with the run (the registration book number). */
@Injectable()
export class CountBirth implements EventHandler<Birth> {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';
  async handle(ctx: EventContext, event: BusEvent<Birth>): Promise<void> {
    await ctx.entityManager.query(`INSERT INTO effects (event_id, run) VALUES ($1, $2)`, [
      event.id,
      event.payload.registration.bookNo,
    ]);
  }
}

/** A bus-only agency with the counted effects; `extra` makes it a publisher or the subscriber. */
export function countingAgency(member: string, schema: string, extra: Partial<AgencyDefinition>) {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [...EVENT_ENTITIES],
    migrations: [CreateCountedBirths1795500000000],
    lookupHandlers: [],
    consumerApi: false,
    // ack timeouts above the time a prefetched event waits, so that only a real loss redelivers
    eventSettings: { relayPollMs: 100, backoffMs: [2_000, 2_000, 4_000], maxDeliver: 20 },
    ...extra,
  } satisfies AgencyDefinition;
}

/** A valid `birth-registered` payload of the run `run` (at most 8 characters). */
export function countedBirth(run: string) {
  return {
    dossierId: uuidv7(),
    registration: { communeCode: '00004', bookNo: run, entryNo: 1, registeredOn: '2026-11-23' },
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
