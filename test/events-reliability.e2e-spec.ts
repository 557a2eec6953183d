// Real: a nats-server of this file's own (stopped and restarted on the same port and store),
// PostgreSQL, PKI, signed configuration, two adapters. Mocked: nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EventPublisher, OutboxRelay } from '@lienthong/adapter-kit';
import { jetstreamManager, streamName } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import {
  useOwnTestNats,
  TestBus,
  createTestSchema,
  eventually,
  makeTempRoot,
  startNatsServer,
  type RunningNats,
  type TestSchema,
} from '@lienthong/testing';
import { CountBirth, countedBirth, countingAgency } from './support/counted-births';

const registry = (member: string) => ({ member, subsystem: 'registry' });

describe('events: exactly once across a NATS restart and a subscriber closed mid-stream', () => {
  let restoreNats: (() => void) | undefined;
  const root = makeTempRoot('lienthong-reliability-');
  const storeDir = join(root, 'nats');
  let nats: RunningNats;
  let bus: TestBus;
  let civ: INestApplication;
  let pop: INestApplication | undefined;
  const dbs: TestSchema[] = [];

  const startPop = () =>
    bus.startAdapter(countingAgency('POP', dbs[1]?.schema ?? '', { eventHandlers: [CountBirth] }), {
      databaseUrl: dbs[1]?.url ?? '',
    });

  beforeAll(async () => {
    nats = await startNatsServer({ storeDir });
    restoreNats = useOwnTestNats(nats.url);
    bus = await TestBus.create({
      members: ['CIV', 'POP'].map(registry),
      eventRights: [
        { subscriber: registry('POP'), publisher: 'CIV', eventType: 'birth-registered' },
      ],
    });
    for (let i = 0; i < 2; i++) {
      dbs.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    civ = await bus.startAdapter(
      countingAgency('CIV', dbs[0]?.schema ?? '', { publishesEvents: true }),
      {
        databaseUrl: dbs[0]?.url ?? '',
      },
    );
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
    restoreNats?.();
  });

  /** Commits `count` events in transactions of 100, as registries commit their changes. */
  async function commit(run: string, count: number): Promise<void> {
    const publisher = civ.get(EventPublisher);
    for (let done = 0; done < count; done += 100) {
      await publisher.transaction(async (ctx) => {
        for (let i = done; i < Math.min(done + 100, count); i++) {
          await publisher.publish(ctx, {
            eventType: 'birth-registered',
            payload: countedBirth(run),
          });
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
