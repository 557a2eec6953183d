// real: PostgreSQL (TEST_DATABASE_URL), TypeORM's pool, the inbox table of the kit. mock: nothing.
import { randomBytes } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { createDataSource, dropSchema } from '@lienthong/persistence';
import { createEventTables } from './event-tables';
import type { BusEvent, EventContext, EventHandler } from './event-handler';
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

function event(label: string, id = uuidv7()): BusEvent<{ label: string }> {
  return {
    id,
    eventType: 'birth-registered',
    publisher: { member: 'CIV', subsystem: 'registry' },
    correlationId: uuidv7(),
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
    const twice = event('twice');
    const already = event('already');
    await expect(batcher.apply(handler, already)).resolves.toBe('applied');

    const events = [
      ...Array.from({ length: 20 }, (_, i) => event(`ok-${i}`)),
      twice,
      { ...twice },
      already,
      event('refuse'),
      event('flaky'),
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
});
