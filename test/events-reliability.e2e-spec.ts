// Real: a nats-server of this file's own (stopped and restarted on the same port and store),
// PostgreSQL, PKI, signed configuration, two adapters. Mocked: nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, type INestApplication } from '@nestjs/common';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  EVENT_ENTITIES,
  EventPublisher,
  OutboxRelay,
  createEventTables,
  type AgencyDefinition,
  type BusEvent,
  type EventContext,
  type EventHandler,
} from '@lienthong/adapter-kit';
import { jetstreamManager, streamName } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import {
  TEST_NATS_URL,
  TestBus,
  createTestSchema,
  eventually,
  makeTempRoot,
  startNatsServer,
  type RunningNats,
  type TestSchema,
} from '@lienthong/testing';

const registry = (member: string) => ({ member, subsystem: 'registry' });

/** Effects without a unique key: an event applied twice shows as two rows. */
class CreateReliabilityTables1795500000000 implements MigrationInterface {
  readonly name = 'CreateReliabilityTables1795500000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventTables(queryRunner);
    await queryRunner.query(
      `CREATE TABLE effects (event_id uuid NOT NULL, run varchar(8) NOT NULL)`,
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

@Injectable()
class CountBirth implements EventHandler<Birth> {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';
  async handle(ctx: EventContext, event: BusEvent<Birth>): Promise<void> {
    await ctx.entityManager.query(`INSERT INTO effects (event_id, run) VALUES ($1, $2)`, [
      event.id,
      event.payload.registration.bookNo,
    ]);
  }
}

function agency(member: string, schema: string, extra: Partial<AgencyDefinition>) {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [...EVENT_ENTITIES],
    migrations: [CreateReliabilityTables1795500000000],
    lookupHandlers: [],
    consumerApi: false,
    // ack timeouts above the time a prefetched event waits, so that only a real loss redelivers
    eventSettings: { relayPollMs: 100, backoffMs: [2_000, 2_000, 4_000], maxDeliver: 20 },
    ...extra,
  } satisfies AgencyDefinition;
}

function birth(run: string) {
  return {
    dossierId: uuidv7(),
    registration: {
      communeCode: '00004',
      bookNo: run,
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

describe('events: exactly once across a NATS restart and a subscriber closed mid-stream', () => {
  const previousNatsUrl = process.env[TEST_NATS_URL];
  const root = makeTempRoot('lienthong-reliability-');
  const storeDir = join(root, 'nats');
  let nats: RunningNats;
  let bus: TestBus;
  let civ: INestApplication;
  let pop: INestApplication | undefined;
  const dbs: TestSchema[] = [];

  const startPop = () =>
    bus.startAdapter(agency('POP', dbs[1]?.schema ?? '', { eventHandlers: [CountBirth] }), {
      databaseUrl: dbs[1]?.url ?? '',
    });

  beforeAll(async () => {
    nats = await startNatsServer({ storeDir });
    process.env[TEST_NATS_URL] = nats.url;
    bus = await TestBus.create({
      members: ['CIV', 'POP'].map(registry),
      eventRights: [
        { subscriber: registry('POP'), publisher: 'CIV', eventType: 'birth-registered' },
      ],
    });
    for (let i = 0; i < 2; i++) {
      dbs.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    civ = await bus.startAdapter(agency('CIV', dbs[0]?.schema ?? '', { publishesEvents: true }), {
      databaseUrl: dbs[0]?.url ?? '',
    });
    pop = await startPop();
  }, 60_000);

  afterAll(async () => {
    await pop?.close();
    await civ?.close();
    for (const db of dbs) {
      await db.drop();
    }
    await bus?.close();
    await nats?.stop();
    rmSync(root, { recursive: true, force: true });
    if (previousNatsUrl === undefined) {
      delete process.env[TEST_NATS_URL];
    } else {
      process.env[TEST_NATS_URL] = previousNatsUrl;
    }
  });

  /** Commits `count` events in transactions of 100, as registries commit their changes. */
  async function commit(run: string, count: number): Promise<void> {
    const publisher = civ.get(EventPublisher);
    for (let done = 0; done < count; done += 100) {
      await publisher.transaction(async (ctx) => {
        for (let i = done; i < Math.min(done + 100, count); i++) {
          await publisher.publish(ctx, { eventType: 'birth-registered', payload: birth(run) });
        }
      });
    }
  }

  async function effects(run: string): Promise<{ rows: number; distinct: number }> {
    const app = pop as INestApplication;
    const [row] = await app
      .get<DataSource>(DATA_SOURCE)
      .query<{ rows: string; distinct: string }[]>(
        `SELECT count(*) AS rows, count(DISTINCT event_id) AS distinct FROM effects WHERE run = $1`,
        [run],
      );
    return { rows: Number(row?.rows), distinct: Number(row?.distinct) };
  }

  async function expectExactlyOnce(run: string, count: number): Promise<void> {
    await eventually(
      async () => expect(await effects(run)).toEqual({ rows: count, distinct: count }),
      {
        timeoutMs: 45_000,
        intervalMs: 250,
      },
    );
    expect(await civ.get(OutboxRelay).pending()).toBe(0);
    const jsm = await jetstreamManager(bus.nc);
    const dlq = await jsm.streams.info(streamName(bus.namespace, 'DLQ'));
    expect(dlq.state.messages).toBe(0);
  }

  it('applies 2,000 events exactly once when nats-server stops and restarts mid-run', async () => {
    await commit('nats', 1_000);
    await nats.stop();
    // committed while NATS is down: the outbox keeps them, the relay retries
    await commit('nats', 1_000);
    nats = await startNatsServer({ storeDir, port: nats.port });
    await expectExactlyOnce('nats', 2_000);
    expect(await effects('nats')).toEqual({ rows: 2_000, distinct: 2_000 });
  }, 90_000);

  it('applies every event exactly once when the subscriber closes before it acks', async () => {
    await commit('closed', 1_500);
    await eventually(async () => expect((await effects('closed')).rows).toBeGreaterThan(100), {
      timeoutMs: 20_000,
      intervalMs: 20,
    });
    await pop?.close();
    pop = await startPop();
    await expectExactlyOnce('closed', 1_500);
  }, 90_000);
});
