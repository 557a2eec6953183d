// Real: nats-server, PostgreSQL, PKI, signed configuration, two adapters, the operator's replay.
// Mocked: nothing.
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EventPublisher } from '@lienthong/adapter-kit';
import { eventConsumerName, jetstreamManager, streamName } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import { TestBus, createTestSchema, eventually, type TestSchema } from '@lienthong/testing';
import { EventSubscriptions, followSubscription } from '../tools/cli/events';
import { CountBirth, countedBirth, countingAgency } from './support/counted-births';

const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };

describe('events: a subscriber rebuilt from a stream sequence or a time (lt events replay)', () => {
  let bus: TestBus;
  let civ: INestApplication;
  let pop: INestApplication;
  const schemas: TestSchema[] = [];
  const consumer = eventConsumerName('POP', 'registry', 'CIV', 'birth-registered');
  const db = () => pop.get<DataSource>(DATA_SOURCE);

  /** How often each event took effect at POP. */
  async function effects(): Promise<Map<string, number>> {
    const rows: { event_id: string; n: string }[] = await db().query(
      `SELECT event_id, count(*) AS n FROM effects GROUP BY event_id`,
    );
    return new Map(rows.map((row) => [row.event_id, Number(row.n)]));
  }

  /** Forgets events at POP as a database restored from an older backup would: effect and inbox. */
  async function forget(eventIds: readonly string[]): Promise<void> {
    await db().query(`DELETE FROM effects WHERE event_id = ANY($1::uuid[])`, [eventIds]);
    await db().query(`DELETE FROM inbox WHERE event_id = ANY($1::uuid[])`, [eventIds]);
  }

  async function publishBirths(count: number): Promise<string[]> {
    const publisher = civ.get(EventPublisher);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const payload = countedBirth('replay');
      const sealed = await publisher.transaction((ctx) =>
        publisher.publish(ctx, {
          eventType: 'birth-registered',
          payload,
          correlationId: payload.dossierId,
        }),
      );
      ids.push(sealed.body.id);
    }
    return ids;
  }

  /** Every event applied exactly once. */
  async function appliedOnce(ids: readonly string[]): Promise<void> {
    await eventually(
      async () => {
        const seen = await effects();
        expect(ids.map((id) => seen.get(id) ?? 0)).toEqual(ids.map(() => 1));
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
      },
      { timeoutMs: 30_000 },
    );
  }

  beforeAll(async () => {
    bus = await TestBus.create({
      members: [CIV, POP],
      eventRights: [{ subscriber: POP, publisher: 'CIV', eventType: 'birth-registered' }],
    });
    for (let i = 0; i < 2; i++) {
      schemas.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    civ = await bus.startAdapter(
      countingAgency('CIV', schemas[0].schema, { publishesEvents: true }),
      { databaseUrl: schemas[0].url },
    );
    pop = await bus.startAdapter(
      countingAgency('POP', schemas[1].schema, { eventHandlers: [CountBirth] }),
      { databaseUrl: schemas[1].url },
    );
  });

  afterAll(async () => {
    await civ?.close();
    await pop?.close();
    for (const schema of schemas) {
      await schema.drop();
    }
    await bus?.close();
  });

  it('re-applies from a stream sequence what the subscriber lost, and nothing twice', async () => {
    const ids = await publishBirths(6);
    await appliedOnce(ids);
    await forget(ids.slice(0, 4));
    expect((await effects()).size).toBe(2);

    const subscriptions = EventSubscriptions.on(bus.nc, bus.namespace);
    const listed = await subscriptions.list();
    expect(listed.find((c) => c.name === consumer)).toMatchObject({ pending: 0, ackPending: 0 });
    await expect(
      subscriptions.replay('POP_registry_CIV_no-such', { seq: 1 }),
    ).rejects.toMatchObject({ code: 'BUS_CONSUMER_NOT_FOUND' });
    const replay = await subscriptions.replay(consumer, { seq: 1 });
    expect(replay.before.deliveredSeq).toBeGreaterThanOrEqual(6);

    // lt events replay --follow: waits for the subscriber to catch up, telling its progress
    const seen: [number, number][] = [];
    const caughtUp = await followSubscription(subscriptions, consumer, {
      pollMs: 100,
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(caughtUp.outstandingAtStart).toBe(seen[0][1]);
    expect(seen.at(-1)).toEqual([caughtUp.outstandingAtStart, caughtUp.outstandingAtStart]);
    expect(await subscriptions.state(consumer)).toMatchObject({ pending: 0, ackPending: 0 });
    await appliedOnce(ids);
  });

  it('re-applies from a time, leaving what was stored before it alone', async () => {
    const earlier = await publishBirths(2);
    await appliedOnce(earlier);
    const jsm = await jetstreamManager(bus.nc);
    const lastEarlier = await jsm.streams.info(streamName(bus.namespace, 'EVENTS'));
    const later = await publishBirths(3);
    await appliedOnce([...earlier, ...later]);
    // stored after the earlier ones: the stream's clock, not this process's
    const firstLater = await jsm.streams.getMessage(streamName(bus.namespace, 'EVENTS'), {
      seq: lastEarlier.state.last_seq + 1,
    });
    await forget([...earlier, ...later]);

    expect(firstLater).not.toBeNull();
    await EventSubscriptions.on(bus.nc, bus.namespace).replay(consumer, {
      time: (firstLater as NonNullable<typeof firstLater>).time,
    });

    await appliedOnce(later);
    const seen = await effects();
    expect(earlier.map((id) => seen.get(id) ?? 0)).toEqual([0, 0]);
  });

  it('says a replay stalled when the subscriber is not running, instead of waiting for ever', async () => {
    const ids = await publishBirths(2);
    await appliedOnce(ids);
    await pop.close();
    try {
      const subscriptions = EventSubscriptions.on(bus.nc, bus.namespace);
      await subscriptions.replay(consumer, { seq: 1 });
      await expect(
        followSubscription(subscriptions, consumer, { pollMs: 100, stallMs: 1_500 }),
      ).rejects.toMatchObject({ code: 'EVENTS_REPLAY_STALLED' });
      expect((await subscriptions.state(consumer)).pending).toBeGreaterThan(0);
    } finally {
      pop = await bus.startAdapter(
        countingAgency('POP', schemas[1].schema, { eventHandlers: [CountBirth] }),
        { databaseUrl: schemas[1].url },
      );
    }
  });
});
