// real: PostgreSQL (TEST_DATABASE_URL), TypeORM's pool, the inbox table of the kit. mock: nothing.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { createDataSource, dropSchema } from '@lienthong/persistence';
import { createEventTables } from './event-tables';
import type { TransactionalContext } from '@lienthong/persistence';
import type { BusEvent, EventBatchContext, EventContext, EventHandler } from './event-handler';
import { EventError } from './events.errors';
import { InboxBatcher, type EventOutcome } from './inbox-batch';

const url = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `inboxbatch_${randomBytes(4).toString('hex')}`;

class CreateTables1795800000000 implements MigrationInterface {
  readonly name = 'CreateTables1795800000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventTables(queryRunner);
    // no unique key: an event applied twice shows as two rows
    await queryRunner.query(`CREATE TABLE effects (event_id uuid NOT NULL, label text NOT NULL)`);
    await queryRunner.query(`CREATE TABLE dossiers (id uuid PRIMARY KEY, steps int NOT NULL)`);
  }
  async down(): Promise<void> {}
}

/** Records the event; refuses a payload labelled `refuse`, fails once on `flaky`. */
class RecordingHandler implements EventHandler<{ label: string }> {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';
  readonly calls: string[] = [];
  private flakyFailed = false;
  async handle(ctx: EventContext, event: BusEvent<{ label: string }>): Promise<void> {
    this.calls.push(event.payload.label);
    await ctx.entityManager.query(`INSERT INTO effects (event_id, label) VALUES ($1, $2)`, [
      event.id,
      event.payload.label,
    ]);
    if (event.payload.label === 'refuse') {
      throw new EventError('EVENT_REFUSED', 'the registry refuses this one');
    }
    if (event.payload.label === 'flaky' && !this.flakyFailed) {
      this.flakyFailed = true;
      throw new Error('a fault that passes');
    }
  }
}

/** Records a batch's events in one statement; the statement is refused with a `refuse` in it. */
class BatchRecordingHandler implements EventHandler<{ label: string }> {
  readonly publisher = 'CIV';
  readonly eventType = 'death-registered';
  readonly batches: string[][] = [];
  readonly singles: string[] = [];
  async handle(ctx: EventContext, event: BusEvent<{ label: string }>): Promise<void> {
    this.singles.push(event.payload.label);
    await this.insert(ctx, [event]);
  }
  async handleBatch(
    ctx: EventBatchContext,
    events: readonly BusEvent<{ label: string }>[],
  ): Promise<void> {
    this.batches.push(events.map((e) => e.payload.label));
    await this.insert(ctx, events);
  }
  private async insert(
    ctx: TransactionalContext,
    events: readonly BusEvent<{ label: string }>[],
  ): Promise<void> {
    await ctx.entityManager.query(
      `INSERT INTO effects (event_id, label) SELECT * FROM unnest($1::uuid[], $2::text[])`,
      [events.map((e) => e.id), events.map((e) => e.payload.label)],
    );
    if (events.some((e) => e.payload.label === 'refuse')) {
      throw new EventError('EVENT_REFUSED', 'the registry refuses this one');
    }
  }
}

/** Settles a step of its dossier as civil status does: the dossier row is locked first. */
class DossierStepHandler implements EventHandler<{ label: string }> {
  readonly publisher = 'POP';
  readonly eventType = 'citizen-created';
  async handle(ctx: EventContext, event: BusEvent<{ label: string }>): Promise<void> {
    await ctx.entityManager.query(`SELECT id FROM dossiers WHERE id = $1 FOR UPDATE`, [
      event.correlationId,
    ]);
    // long enough for the other lane's transaction to take its own locks meanwhile
    await ctx.entityManager.query(`SELECT pg_sleep(0.02)`);
    await ctx.entityManager.query(`UPDATE dossiers SET steps = steps + 1 WHERE id = $1`, [
      event.correlationId,
    ]);
  }
}

function event(
  label: string,
  id = uuidv7(),
  correlationId = uuidv7(),
): BusEvent<{ label: string }> {
  return {
    id,
    eventType: 'birth-registered',
    publisher: { member: 'CIV', subsystem: 'registry' },
    correlationId,
    issuedAt: new Date().toISOString(),
    payload: { label },
  };
}

describe('InboxBatcher: several events per inbox transaction', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await createDataSource({
      url,
      schema,
      entities: [],
      migrations: [CreateTables1795800000000],
      applicationName: 'inbox-batch-int-spec',
    });
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dropSchema(dataSource, schema);
    await dataSource.destroy();
  });

  async function effects(): Promise<Record<string, number>> {
    const rows: { label: string; n: string }[] = await dataSource.query(
      `SELECT label, count(*) AS n FROM effects GROUP BY label`,
    );
    return Object.fromEntries(rows.map((r) => [r.label, Number(r.n)]));
  }

  it('applies a batch once, absorbs duplicates inside it and in the inbox, and charges one event its own refusal', async () => {
    const handler = new RecordingHandler();
    const batcher = new InboxBatcher(
      dataSource,
      () => Promise.reject(new Error('no follow-ups here')),
      64,
    );
    // one dossier: one lane (events of several dossiers may be split between two transactions)
    const dossier = uuidv7();
    const twice = event('twice', uuidv7(), dossier);
    const already = event('already', uuidv7(), dossier);
    await expect(batcher.apply(handler, already)).resolves.toBe('applied');

    const events = [
      ...Array.from({ length: 20 }, (_, i) => event(`ok-${i}`, uuidv7(), dossier)),
      twice,
      { ...twice },
      already,
      event('refuse', uuidv7(), dossier),
      event('flaky', uuidv7(), dossier),
    ];
    // all in one turn: they share the first transaction, which the refusal aborts
    const settled = await Promise.allSettled(events.map((e) => batcher.apply(handler, e)));
    const outcomes = settled.map((s) =>
      s.status === 'fulfilled' ? s.value : (s.reason as EventError).code,
    );

    const expected: string[] = [
      ...Array<EventOutcome>(20).fill('applied'),
      'applied',
      'duplicate',
      'duplicate',
      'EVENT_REFUSED',
      'EVENT_HANDLER_FAILED',
    ];
    expect(outcomes).toEqual(expected);
    const counts = await effects();
    expect(counts).toMatchObject({ twice: 1, already: 1 });
    expect(counts['refuse']).toBeUndefined();
    expect(counts['flaky']).toBeUndefined();
    expect(Object.keys(counts).filter((k) => k.startsWith('ok-'))).toHaveLength(20);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);

    // the flaky one's fault passed: applied on its next delivery, once
    await expect(batcher.apply(handler, events[24] ?? event('missing'))).resolves.toBe('applied');
    expect((await effects())['flaky']).toBe(1);
    // the batch was tried as one transaction before each event was tried alone
    expect(handler.calls.filter((c) => c === 'ok-0')).toHaveLength(2);
  });

  it('hands a handler with handleBatch the new events of a batch at once, and each alone after a refusal', async () => {
    const handler = new BatchRecordingHandler();
    const batcher = new InboxBatcher(
      dataSource,
      () => Promise.reject(new Error('no follow-ups here')),
      64,
    );
    // one dossier: one lane, so the events of one turn share one transaction
    const dossier = uuidv7();
    const already = event('b-already', uuidv7(), dossier);
    await expect(batcher.apply(handler, already)).resolves.toBe('applied');
    const fine = Array.from({ length: 10 }, (_, i) => event(`b-${i}`, uuidv7(), dossier));
    await expect(
      Promise.all([...fine, already].map((e) => batcher.apply(handler, e))),
    ).resolves.toEqual([...Array<EventOutcome>(10).fill('applied'), 'duplicate']);
    expect(handler.singles).toEqual(['b-already']);
    expect(handler.batches).toEqual([fine.map((e) => e.payload.label)]);

    const refused = [event('b-x', uuidv7(), dossier), event('refuse', uuidv7(), dossier)];
    const settled = await Promise.allSettled(refused.map((e) => batcher.apply(handler, e)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'refused'))).toEqual([
      'applied',
      'refused',
    ]);
    // the batch statement failed as a whole; then each event alone, through handle
    expect(handler.batches.at(-1)).toEqual(['b-x', 'refuse']);
    expect(handler.singles.slice(1)).toEqual(['b-x', 'refuse']);
    const counts = await effects();
    expect(counts['refuse']).toBeUndefined();
    expect([...fine.map((e) => e.payload.label), 'b-already', 'b-x'].map((l) => counts[l])).toEqual(
      Array<number>(12).fill(1),
    );
  });

  it('never applies two events of one dossier in two transactions at once', async () => {
    const handler = new DossierStepHandler();
    // batches of two: without lanes, [d1, d2] and [d2, d1] would run at once and deadlock
    const batcher = new InboxBatcher(
      dataSource,
      () => Promise.reject(new Error('no follow-ups here')),
      2,
    );
    const [d1, d2] = [uuidv7(), uuidv7()];
    await dataSource.query(`INSERT INTO dossiers (id, steps) VALUES ($1, 0), ($2, 0)`, [d1, d2]);
    // the second pair arrives while the first one's transaction holds its first lock
    const first = [d1, d2].map((d, i) => batcher.apply(handler, event(`step-${i}`, uuidv7(), d)));
    await sleep(5);
    const second = [d2, d1].map((d, i) => batcher.apply(handler, event(`step-${i}`, uuidv7(), d)));
    const outcomes = await Promise.all([...first, ...second]);
    expect(outcomes).toEqual(Array<EventOutcome>(4).fill('applied'));
    const rows: { id: string; steps: number }[] = await dataSource.query(
      `SELECT id, steps FROM dossiers WHERE id IN ($1, $2)`,
      [d1, d2],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.steps]))).toEqual({ [d1]: 2, [d2]: 2 });
  });
});
