// Real: nats-server, PostgreSQL, PKI, signed configuration, two adapters. Mocked: nothing.
import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  AdapterKitModule,
  EVENT_ENTITIES,
  EventError,
  EventPublisher,
  OutboxRelay,
  loadAdapterConfig,
  type AgencyDefinition,
  type BusEvent,
  type EventContext,
  type EventHandler,
} from '@lienthong/adapter-kit';
import { eventMessageType } from '@lienthong/adapter-kit/testing';
import { seal, type Party } from '@lienthong/envelope';
import {
  LT_DLQ_REASON,
  LT_ERROR_CODE,
  dlqSubject,
  eventSubject,
  fromNatsHeaders,
  jetstream,
  jetstreamManager,
  streamName,
  toNatsHeaders,
} from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import type { Signer } from '@lienthong/pki';
import { TestBus, createTestSchema, eventually, type TestSchema } from '@lienthong/testing';

const CIV: Party = { member: 'CIV', subsystem: 'registry' };
const FATHER = '001085012345';

function birthPayload(dossierId: string, fullName = 'Nguyễn Minh Khôi') {
  return {
    dossierId,
    registration: {
      communeCode: '00004',
      bookNo: '01/2026',
      entryNo: 1,
      registeredOn: '2026-11-23',
    },
    child: { fullName, sex: 'MALE', birthDate: '2026-11-20', placeOfBirth: 'Hà Nội' },
    fatherPersonalId: FATHER,
    residenceParentPersonalId: FATHER,
  };
}

/** The test registries' effect table: no unique key, so an event applied twice shows as two rows. */
class CreateTestEventTables1795500000000 implements MigrationInterface {
  readonly name = 'CreateTestEventTables1795500000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE effects (event_id uuid NOT NULL, dossier_id uuid NOT NULL, cause uuid)`,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE effects`);
  }
}

type Birth = ReturnType<typeof birthPayload>;

/** POP's side: records each birth and answers with citizen-created, like the real registry. */
@Injectable()
class RecordBirth implements EventHandler<Birth> {
  readonly publisher = 'CIV';
  readonly eventType = 'birth-registered';
  async handle(ctx: EventContext, event: BusEvent<Birth>): Promise<void> {
    if (event.payload.child.fullName === 'Từ Chối') {
      throw new EventError('EVENT_REFUSED', 'refused by the test registry');
    }
    await ctx.entityManager.query(`INSERT INTO effects (event_id, dossier_id) VALUES ($1, $2)`, [
      event.id,
      event.correlationId,
    ]);
    await ctx.publish({
      eventType: 'citizen-created',
      payload: {
        dossierId: event.payload.dossierId,
        personalId: '001226000017',
        fullName: event.payload.child.fullName,
        sex: 'MALE',
        birthDate: '2026-11-20',
        birthRegistrationCommune: '00004',
      },
    });
  }
}

/** Granted to nobody in this test's configuration: must never run. */
@Injectable()
class RecordMarriage implements EventHandler {
  readonly publisher = 'CIV';
  readonly eventType = 'marriage-registered';
  async handle(ctx: EventContext, event: BusEvent): Promise<void> {
    await ctx.entityManager.query(`INSERT INTO effects (event_id, dossier_id) VALUES ($1, $2)`, [
      event.id,
      event.correlationId,
    ]);
  }
}

/** CIV's side: records the follow-up with its causation, closing the chain. */
@Injectable()
class RecordCitizen implements EventHandler {
  readonly publisher = 'POP';
  readonly eventType = 'citizen-created';
  async handle(ctx: EventContext, event: BusEvent): Promise<void> {
    await ctx.entityManager.query(
      `INSERT INTO effects (event_id, dossier_id, cause) VALUES ($1, $2, $3)`,
      [event.id, event.correlationId, event.causationId],
    );
  }
}

function agency(
  member: string,
  schema: string,
  extra: Partial<AgencyDefinition>,
): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [...EVENT_ENTITIES],
    migrations: [CreateTestEventTables1795500000000],
    lookupHandlers: [],
    consumerApi: false,
    eventSettings: { relayPollMs: 100, backoffMs: [200, 200, 200, 200] },
    ...extra,
  };
}

async function startAdapter(bus: TestBus, definition: AgencyDefinition, db: TestSchema) {
  const config = loadAdapterConfig(
    bus.adapterEnv(definition.member, 'registry', { DATABASE_URL: db.url }),
  );
  const moduleRef = await Test.createTestingModule({
    imports: [AdapterKitModule.forAgency(definition, config)],
  }).compile();
  const app = moduleRef.createNestApplication();
  await app.init();
  return app;
}

describe('events: outbox → JetStream → verified, idempotent inbox', () => {
  let bus: TestBus;
  let civ: INestApplication;
  let pop: INestApplication;
  const schemas: TestSchema[] = [];

  beforeAll(async () => {
    bus = await TestBus.create({
      members: [
        CIV,
        { member: 'POP', subsystem: 'registry' },
        { member: 'INS', subsystem: 'registry' },
      ],
      eventRights: [
        {
          subscriber: { member: 'POP', subsystem: 'registry' },
          publisher: 'CIV',
          eventType: 'birth-registered',
        },
        { subscriber: CIV, publisher: 'POP', eventType: 'citizen-created' },
      ],
    });
    for (let i = 0; i < 2; i++) {
      schemas.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    civ = await startAdapter(
      bus,
      agency('CIV', schemas[0].schema, { publishesEvents: true, eventHandlers: [RecordCitizen] }),
      schemas[0],
    );
    pop = await startAdapter(
      bus,
      agency('POP', schemas[1].schema, {
        publishesEvents: true,
        eventHandlers: [RecordBirth, RecordMarriage],
      }),
      schemas[1],
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

  const db = (app: INestApplication) => app.get<DataSource>(DATA_SOURCE);
  const count = async (app: INestApplication, sql: string, params: unknown[] = []) =>
    Number((await db(app).query<{ n: string }[]>(sql, params))[0]?.n ?? 0);
  const effectsOf = (app: INestApplication, dossierId: string) =>
    count(app, `SELECT count(*) AS n FROM effects WHERE dossier_id = $1`, [dossierId]);

  async function dlqCode(member: string, code: string) {
    const jsm = await jetstreamManager(bus.nc);
    const stored = await jsm.streams.getMessage(streamName(bus.namespace, 'DLQ'), {
      last_by_subj: dlqSubject(bus.namespace, member, code),
    });
    if (!stored) {
      throw new Error(`no dead letter ${code} yet`);
    }
    return { headers: fromNatsHeaders(stored.header), data: stored.data };
  }

  /** Publishes sealed bytes straight to JetStream, bypassing any outbox (an attacker or a bug). */
  async function publishRaw(
    signer: Signer,
    publisher: string,
    eventType: string,
    payload: unknown,
    draft = {},
  ) {
    const sealed = seal(
      { type: eventMessageType(eventType), recipient: signer.identity, payload, ...draft },
      signer,
    );
    const { 'Nats-Msg-Id': _id, ...headers } = sealed.headers;
    await jetstream(bus.nc).publish(
      eventSubject(bus.namespace, publisher, eventType),
      sealed.bytes,
      {
        headers: toNatsHeaders(headers),
      },
    );
    return sealed;
  }

  it('commits the event with the change, relays it, applies it once and closes the causation chain', async () => {
    const dossierId = uuidv7();
    const publisher = civ.get(EventPublisher);
    const sealed = await publisher.transaction((ctx) =>
      publisher.publish(ctx, {
        eventType: 'birth-registered',
        payload: birthPayload(dossierId),
        correlationId: dossierId,
      }),
    );
    await eventually(async () => expect(await effectsOf(pop, dossierId)).toBe(1), {
      timeoutMs: 10_000,
    });
    await eventually(async () => expect(await effectsOf(civ, dossierId)).toBe(1), {
      timeoutMs: 10_000,
    });
    const [followUp] = await db(civ).query<{ cause: string }[]>(
      `SELECT cause FROM effects WHERE dossier_id = $1`,
      [dossierId],
    );
    expect(followUp?.cause).toBe(sealed.body.id);
    expect(await civ.get(OutboxRelay).pending()).toBe(0);
    await eventually(async () => expect(await pop.get(OutboxRelay).pending()).toBe(0));
    expect(
      await count(pop, `SELECT count(*) AS n FROM inbox WHERE event_id = $1`, [sealed.body.id]),
    ).toBe(1);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const dossierId = uuidv7();
    const publisher = civ.get(EventPublisher);
    await expect(
      publisher.transaction(async (ctx) => {
        await publisher.publish(ctx, {
          eventType: 'birth-registered',
          payload: birthPayload(dossierId),
        });
        throw new Error('registry write failed');
      }),
    ).rejects.toThrow('registry write failed');
    await civ.get(OutboxRelay).flush();
    expect(await count(civ, `SELECT count(*) AS n FROM outbox`)).toBeGreaterThan(0);
    expect(
      await count(civ, `SELECT count(*) AS n FROM outbox WHERE body::text LIKE $1`, [
        `%${dossierId}%`,
      ]),
    ).toBe(0);
  });

  it("writes a transaction's events at its commit, minus those of a savepoint rolled back", async () => {
    const publisher = civ.get(EventPublisher);
    const [before, inSavepoint, afterSavepoint, dropped] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const birth = (dossierId: string) => ({
      eventType: 'birth-registered',
      payload: birthPayload(dossierId),
      correlationId: dossierId,
    });
    await publisher.transaction(async (ctx) => {
      await publisher.publish(ctx, birth(before));
      // not readable inside the transaction yet: written together just before COMMIT
      expect(
        await count(civ, `SELECT count(*) AS n FROM outbox WHERE body::text LIKE $1`, [
          `%${before}%`,
        ]),
      ).toBe(0);
      await expect(
        ctx.entityManager.transaction(async (entityManager) => {
          await publisher.publish({ entityManager }, birth(dropped));
          throw new Error('this step fails');
        }),
      ).rejects.toThrow('this step fails');
      await ctx.entityManager.transaction((entityManager) =>
        publisher.publish({ entityManager }, birth(inSavepoint)),
      );
      await publisher.publish(ctx, birth(afterSavepoint));
    });
    for (const dossierId of [before, inSavepoint, afterSavepoint]) {
      await eventually(async () => expect(await effectsOf(pop, dossierId)).toBe(1), {
        timeoutMs: 10_000,
      });
    }
    await civ.get(OutboxRelay).flush();
    expect(
      await count(civ, `SELECT count(*) AS n FROM outbox WHERE body::text LIKE $1`, [
        `%${dropped}%`,
      ]),
    ).toBe(0);
    expect(await effectsOf(pop, dropped)).toBe(0);
  });

  it('rolls the change back when its events cannot be written at commit', async () => {
    const publisher = civ.get(EventPublisher);
    const [id, dossierId] = [uuidv7(), uuidv7()];
    await expect(
      publisher.transaction(async (ctx) => {
        await ctx.entityManager.query(
          `INSERT INTO effects (event_id, dossier_id) VALUES ($1, $2)`,
          [uuidv7(), dossierId],
        );
        // the same event id twice: the outbox's primary key refuses the second row
        for (let i = 0; i < 2; i++) {
          await publisher.publish(ctx, {
            id,
            eventType: 'birth-registered',
            payload: birthPayload(dossierId),
          });
        }
      }),
    ).rejects.toMatchObject({ code: '23505', constraint: 'outbox_pkey' });
    expect(await effectsOf(civ, dossierId)).toBe(0);
    expect(await count(civ, `SELECT count(*) AS n FROM outbox WHERE event_id = $1`, [id])).toBe(0);
  });

  it('deletes outbox rows sent longer ago than the retention, and no unsent one', async () => {
    const relay = civ.get(OutboxRelay);
    await relay.flush();
    const sent = await count(civ, `SELECT count(*) AS n FROM outbox WHERE sent_at IS NOT NULL`);
    expect(sent).toBeGreaterThan(0);
    // within the retention (one hour by default) nothing goes
    expect(await relay.prune()).toBe(0);
    await db(civ).query(`UPDATE outbox SET sent_at = sent_at - interval '2 hours'`);
    await db(civ).query(
      `INSERT INTO outbox (event_id, subject, body, signature, headers, created_at)
       VALUES ($1, 'unsent.old', '\\x00', '', '{}', now() - interval '3 hours')`,
      [uuidv7()],
    );
    expect(await relay.prune()).toBe(sent);
    expect(await count(civ, `SELECT count(*) AS n FROM outbox`)).toBe(1);
    await db(civ).query(`DELETE FROM outbox WHERE subject = 'unsent.old'`);
  });

  it('refuses to publish outside a transaction or with an invalid payload', async () => {
    const publisher = civ.get(EventPublisher);
    await expect(
      publisher.publish({}, { eventType: 'birth-registered', payload: birthPayload(uuidv7()) }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_IN_TRANSACTION' });
    await expect(
      publisher.transaction((ctx) =>
        publisher.publish(ctx, { eventType: 'birth-registered', payload: { dossierId: 'x' } }),
      ),
    ).rejects.toMatchObject({ code: 'PAYLOAD_SCHEMA_INVALID' });
  });

  it('applies an event delivered twice (same id, no JetStream dedup) exactly once', async () => {
    const dossierId = uuidv7();
    const civSigner = bus.member('CIV').signer;
    const sealed = await publishRaw(civSigner, 'CIV', 'birth-registered', birthPayload(dossierId), {
      correlationId: dossierId,
    });
    await jetstream(bus.nc).publish(
      eventSubject(bus.namespace, 'CIV', 'birth-registered'),
      sealed.bytes,
      {
        headers: toNatsHeaders({ 'Lt-Signature': sealed.signature, 'Lt-Type': sealed.body.type }),
      },
    );
    await eventually(async () => expect(await effectsOf(pop, dossierId)).toBe(1), {
      timeoutMs: 10_000,
    });
    const marker = uuidv7();
    await publishRaw(civSigner, 'CIV', 'birth-registered', birthPayload(marker), {
      correlationId: marker,
    });
    await eventually(async () => expect(await effectsOf(pop, marker)).toBe(1), {
      timeoutMs: 10_000,
    });
    expect(await effectsOf(pop, dossierId)).toBe(1);
  });

  it('dead-letters forged, unentitled and refused events with their code and no effect', async () => {
    const cases: [string, () => Promise<{ body: { correlationId: string } }>][] = [
      [
        'EVENT_PUBLISHER_MISMATCH',
        () =>
          publishRaw(bus.member('INS').signer, 'CIV', 'birth-registered', birthPayload(uuidv7())),
      ],
      [
        'ENVELOPE_SENDER_MISMATCH',
        async () => {
          // INS's key, CIV's name: the certificate does not belong to the claimed sender
          const forged = seal(
            {
              type: eventMessageType('birth-registered'),
              recipient: CIV,
              payload: birthPayload(uuidv7()),
            },
            bus.member('INS').signer,
          );
          const body = JSON.parse(forged.bytes.toString()) as Record<string, unknown>;
          body['sender'] = CIV;
          const { canonicalJson } = await import('@lienthong/pki');
          const bytes = canonicalJson(body);
          const signature = bus.member('INS').signer.signDetachedJws(bytes, { typ: 'lt-msg+jws' });
          await jetstream(bus.nc).publish(
            eventSubject(bus.namespace, 'CIV', 'birth-registered'),
            bytes,
            {
              headers: toNatsHeaders({ 'Lt-Signature': signature }),
            },
          );
          return { body: { correlationId: String(body['correlationId']) } };
        },
      ],
      [
        'EVENT_SUBSCRIPTION_DENIED',
        () =>
          publishRaw(bus.member('CIV').signer, 'CIV', 'marriage-registered', {
            dossierId: uuidv7(),
            registration: {
              communeCode: '00004',
              bookNo: '03/2026',
              entryNo: 9,
              registeredOn: '2026-11-23',
            },
            husbandPersonalId: FATHER,
            wifePersonalId: '001190004321',
          }),
      ],
      [
        'EVENT_REFUSED',
        () =>
          publishRaw(
            bus.member('CIV').signer,
            'CIV',
            'birth-registered',
            birthPayload(uuidv7(), 'Từ Chối'),
          ),
      ],
    ];
    for (const [code, send] of cases) {
      const sent = await send();
      const dead = await eventually(() => dlqCode('POP', code), { timeoutMs: 10_000 });
      expect(dead.headers[LT_ERROR_CODE]).toBe(code);
      expect(dead.headers[LT_DLQ_REASON]).toBeTruthy();
      expect(await effectsOf(pop, sent.body.correlationId)).toBe(0);
    }
  });
});
