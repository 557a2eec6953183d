// Real: nats-server, PostgreSQL, PKI, signed configuration, one subscribing adapter, the
// `lt dlq` operations. Mocked: nothing.
import { Injectable, type INestApplication } from '@nestjs/common';
import {
  EVENT_ENTITIES,
  type AgencyDefinition,
  type BusEvent,
  type EventContext,
  type EventHandler,
} from '@lienthong/adapter-kit';
import { eventMessageType } from '@lienthong/adapter-kit/testing';
import { seal } from '@lienthong/envelope';
import {
  NATS_MSG_ID,
  eventSubject,
  fromNatsHeaders,
  jetstream,
  jetstreamManager,
  streamName,
  toNatsHeaders,
} from '@lienthong/messaging';
import { TestBus, createTestSchema, eventually, type TestSchema } from '@lienthong/testing';
import { DeadLetterQueue } from '../tools/cli/dlq';

const registry = (member: string) => ({ member, subsystem: 'registry' });

/** Subscribed without a right in the configuration: every event it receives is dead-lettered. */
@Injectable()
class UnentitledBirth implements EventHandler {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';
  async handle(ctx: EventContext, event: BusEvent): Promise<void> {
    await ctx.entityManager.query(`SELECT $1::uuid`, [event.id]);
  }
}

const BIRTH = {
  dossierId: '01a20a5c-3f10-7c2e-9b41-2f6a8e0c1d23',
  registration: { communeCode: '00004', bookNo: '01/2026', entryNo: 1, registeredOn: '2026-11-23' },
  child: {
    fullName: 'Nguyễn Minh Khôi',
    sex: 'MALE',
    birthDate: '2026-11-20',
    placeOfBirth: 'Hà Nội',
  },
  fatherPersonalId: '001085012345',
  residenceParentPersonalId: '001085012345',
};

describe('lt dlq: list, show, replay once', () => {
  let bus: TestBus;
  let pop: INestApplication;
  let db: TestSchema;

  beforeAll(async () => {
    bus = await TestBus.create({ members: ['CIV', 'POP'].map(registry) });
    db = await createTestSchema(process.env['TEST_DATABASE_URL'] ?? '');
    const definition: AgencyDefinition = {
      member: 'POP',
      subsystem: 'registry',
      title: 'Test POP',
      schema: db.schema,
      entities: [...EVENT_ENTITIES],
      migrations: [],
      lookupHandlers: [],
      consumerApi: false,
      eventHandlers: [UnentitledBirth],
    };
    pop = await bus.startAdapter(definition, { databaseUrl: db.url });
  }, 60_000);

  afterAll(async () => {
    await pop?.close();
    await db?.drop();
    await bus?.close();
  });

  it('shows the reason and origin of a dead letter, replays its bytes with its id, and only once', async () => {
    const civ = bus.member('CIV', 'registry');
    const sealed = seal(
      { type: eventMessageType('birth-registered'), recipient: civ.identity, payload: BIRTH },
      civ.signer,
    );
    // published without Nats-Msg-Id, so that the replay is not absorbed by the duplicate window
    const { [NATS_MSG_ID]: _id, ...headers } = sealed.headers;
    const subject = eventSubject(bus.namespace, 'CIV', 'birth-registered');
    await jetstream(bus.nc).publish(subject, sealed.bytes, { headers: toNatsHeaders(headers) });
    const dlq = DeadLetterQueue.on(bus.nc, bus.namespace);

    const [letter] = await eventually(async () => {
      const letters = await dlq.list();
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(letter).toMatchObject({
      code: 'EVENT_SUBSCRIPTION_DENIED',
      originalSubject: subject,
      originalStream: streamName(bus.namespace, 'EVENTS'),
      replayed: false,
    });
    const detail = await dlq.show(letter?.seq ?? 0);
    expect(detail.reason).toContain('may not receive CIV birth-registered');
    expect(Buffer.from(detail.body)).toEqual(Buffer.from(sealed.bytes));
    expect(Object.keys(detail.headers)).not.toContain('Lt-Dlq-Reason');

    const replay = await dlq.replay(letter?.seq ?? 0);
    expect(replay).toMatchObject({ subject, duplicate: false });
    const jsm = await jetstreamManager(bus.nc);
    const replayed = await jsm.streams.getMessage(streamName(bus.namespace, 'EVENTS'), {
      seq: replay.seq,
    });
    expect(Buffer.from(replayed?.data ?? [])).toEqual(Buffer.from(sealed.bytes));
    expect(fromNatsHeaders(replayed?.header)[NATS_MSG_ID]).toBe(sealed.body.id);

    await expect(dlq.replay(letter?.seq ?? 0)).rejects.toMatchObject({
      code: 'DLQ_ALREADY_REPLAYED',
    });
    // still unentitled: the replayed copy is dead-lettered again, and listed as a new letter
    const after = await eventually(async () => {
      const letters = await dlq.list();
      expect(letters).toHaveLength(2);
      return letters;
    });
    expect(after.map((l) => l.replayed)).toEqual([true, false]);
    await expect(dlq.show(9_999)).rejects.toMatchObject({
      code: 'DLQ_NOT_FOUND',
    });
  });
});
