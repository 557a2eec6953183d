// Real: a PostgreSQL of this file's own (stopped and restarted on the same data dir and port)
// under both adapters, the run's nats-server, PKI, signed configuration. Mocked: nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EventPublisher, OutboxRelay } from '@lienthong/adapter-kit';
import { EventConsumer } from '@lienthong/adapter-kit/testing';
import { createDatabase, startPostgres, type RunningPostgres } from '@lienthong/devstack';
import { jetstreamManager, streamName } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import {
  TestBus,
  createTestSchema,
  eventually,
  makeTempRoot,
  type TestSchema,
} from '@lienthong/testing';
import { CountBirth, countedBirth, countingAgency } from './support/counted-births';

const registry = (member: string) => ({ member, subsystem: 'registry' });

/** How long PostgreSQL stays down: several redelivery delays of the subscription. */
const OUTAGE_MS = 4_000;

describe('events: exactly once across a PostgreSQL restart under the subscriber', () => {
  const root = makeTempRoot('lienthong-pg-restart-');
  const dataDir = join(root, 'postgres');
  let postgres: RunningPostgres | undefined;
  let bus: TestBus;
  let civ: INestApplication | undefined;
  let pop: INestApplication | undefined;
  const dbs: TestSchema[] = [];

  // persistent: the cluster outlives a stop, so that the restart finds every committed row
  const startOwnPostgres = (port?: number) =>
    startPostgres({ dataDir, persistent: true, fsync: false, ...(port ? { port } : {}) });

  beforeAll(async () => {
    postgres = await startOwnPostgres();
    const url = await createDatabase(postgres.url, 'lienthong_restart');
    for (let i = 0; i < 2; i++) {
      dbs.push(await createTestSchema(url));
    }
    bus = await TestBus.create({
      members: ['CIV', 'POP'].map(registry),
      eventRights: [
        { subscriber: registry('POP'), publisher: 'CIV', eventType: 'birth-registered' },
      ],
    });
    civ = await bus.startAdapter(
      countingAgency('CIV', dbs[0]?.schema ?? '', { publishesEvents: true }),
      {
        databaseUrl: dbs[0]?.url ?? '',
      },
    );
  }, 60_000);

  afterAll(async () => {
    await pop?.close();
    await civ?.close();
    await bus?.close();
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const popDb = () => (pop as INestApplication).get<DataSource>(DATA_SOURCE);

  /** Commits `count` events in transactions of 100, as registries commit their changes. */
  async function commit(run: string, count: number): Promise<void> {
    const publisher = (civ as INestApplication).get(EventPublisher);
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
    const [row] = await popDb().query<{ rows: string; distinct: string }[]>(
      `SELECT count(*) AS rows, count(DISTINCT event_id) AS distinct FROM effects WHERE run = $1`,
      [run],
    );
    return { rows: Number(row?.rows), distinct: Number(row?.distinct) };
  }

  async function appliedSince(run: string, since: Date): Promise<number> {
    const [row] = await popDb().query<{ n: string }[]>(
      `SELECT count(*) AS n FROM effects WHERE run = $1 AND applied_at >= $2`,
      [run, since],
    );
    return Number(row?.n);
  }

  async function serverNow(): Promise<Date> {
    const [row] = await popDb().query<{ now: Date }[]>(`SELECT clock_timestamp() AS now`);
    return row.now;
  }

  async function expectExactlyOnce(run: string, count: number): Promise<void> {
    await eventually(
      async () => expect(await effects(run)).toEqual({ rows: count, distinct: count }),
      { timeoutMs: 45_000, intervalMs: 250 },
    );
  }

  it('applies 2,000 events exactly once when PostgreSQL stops and restarts mid-run', async () => {
    const running = postgres as RunningPostgres;
    await commit('pg', 2_000);
    await eventually(async () => expect(await civ?.get(OutboxRelay).pending()).toBe(0), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    // the subscriber starts on a backlog of 2,000, so that the stop finds it in the middle of it
    pop = await bus.startAdapter(
      countingAgency('POP', dbs[1]?.schema ?? '', { eventHandlers: [CountBirth] }),
      { databaseUrl: dbs[1]?.url ?? '' },
    );
    await eventually(async () => expect((await effects('pg')).rows).toBeGreaterThan(100), {
      timeoutMs: 20_000,
      intervalMs: 20,
    });
    const beforeStop = (await effects('pg')).rows;

    await running.stop();
    await sleep(OUTAGE_MS);
    postgres = await startOwnPostgres(running.port);

    // the pools of both adapters reconnect by themselves; nothing in the test reconnects them
    const restartedAt = await eventually(() => serverNow(), { timeoutMs: 10_000, intervalMs: 100 });
    await expectExactlyOnce('pg', 2_000);
    // the outage hit the run: some events were applied before it, some only after the restart
    expect(beforeStop).toBeLessThan(2_000);
    expect(await appliedSince('pg', restartedAt)).toBeGreaterThan(0);

    // the publisher commits and relays again through its own recovered pool
    await commit('after', 100);
    await expectExactlyOnce('after', 100);

    const [inbox] = await popDb().query<{ n: string }[]>(`SELECT count(*) AS n FROM inbox`);
    expect(Number(inbox?.n)).toBe(2_100);
    expect(await (civ as INestApplication).get(OutboxRelay).pending()).toBe(0);
    const jsm = await jetstreamManager(bus.nc);
    const dlq = await jsm.streams.info(streamName(bus.namespace, 'DLQ'));
    expect(dlq.state.messages).toBe(0);
    const consumer = pop
      .get(EventConsumer)
      .consumerName({ publisher: 'CIV', eventType: 'birth-registered' });
    await eventually(
      async () => {
        const info = await jsm.consumers.info(streamName(bus.namespace, 'EVENTS'), consumer);
        expect({ pending: info.num_pending, ackPending: info.num_ack_pending }).toEqual({
          pending: 0,
          ackPending: 0,
        });
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
  }, 90_000);
});
