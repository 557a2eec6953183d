// real: nats-server, PostgreSQL, PKI, signed global configuration, the kit's look-up lane in two
// adapters (Nest testing modules). mock: nothing.
import { readFileSync } from 'node:fs';
import { Injectable, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { subjectRef } from '@lienthong/audit-log';
import { seal } from '@lienthong/envelope';
import { LT_SIGNATURE, lookupSubject, requestBytes } from '@lienthong/messaging';
import {
  TestBus,
  createTestSchema,
  eventually,
  publishedAuditRecords,
  type TestSchema,
} from '@lienthong/testing';
import type { AgencyDefinition } from '../agency-definition';
import type { LookupContext, LookupHandler, LookupOutcome } from './lookup-handler';

const CITIZEN = '001085012345';
const OTHER = '079190001234';
const REQUEST_TYPE = 'urn:lienthong:population:citizen-by-id-request:1';
const RESPONSE_TYPE = 'urn:lienthong:population:citizen-by-id-response:1';
const PING_TYPE = 'urn:lienthong:bus:ping-request:1';
const PURPOSE = {
  procedure: 'KHAI-SINH-LT',
  legalBasis: 'nd-63-2024',
  caseId: 'HS-7',
};

/** A registry of one citizen that keeps the subject the kit handed it. */
@Injectable()
class CitizenHandler implements LookupHandler<{ personalId: string }> {
  readonly service = 'citizen-by-id';
  readonly requestType = REQUEST_TYPE;
  readonly identifierField = 'personalId';
  readonly subjects: unknown[] = [];

  handle(
    ctx: LookupContext,
    query: { personalId: string },
  ): Promise<LookupOutcome<Record<string, unknown>>> {
    this.subjects.push(ctx.subject);
    return Promise.resolve(
      query.personalId === CITIZEN
        ? { status: 'FOUND', record: { personalId: CITIZEN, fullName: 'Trần Thị Bình' } }
        : { status: 'NOT_FOUND' },
    );
  }
}

/** A handler whose request schema (the ping's) names no data subject. */
@Injectable()
class UndeclaredHandler implements LookupHandler<{ nonce: string }> {
  readonly service = 'ping-like';
  readonly requestType = PING_TYPE;
  readonly identifierField = 'nonce';

  handle(): Promise<LookupOutcome<Record<string, unknown>>> {
    return Promise.resolve({ status: 'NOT_FOUND' });
  }
}

function agency(
  member: string,
  schema: string,
  lookupHandlers: AgencyDefinition['lookupHandlers'],
): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [],
    migrations: [],
    lookupHandlers,
  };
}

describe('the data subject of a look-up comes from its request schema', () => {
  let bus: TestBus;
  let provider: INestApplication;
  let consumer: INestApplication;
  let key: Buffer;
  const schemas: TestSchema[] = [];
  const registry = { member: 'POP', subsystem: 'registry' };

  beforeAll(async () => {
    bus = await TestBus.create({
      members: [registry, { member: 'CIV', subsystem: 'registry' }],
      services: [
        {
          code: 'citizen-by-id',
          version: 1,
          provider: registry,
          requestType: REQUEST_TYPE,
          responseType: RESPONSE_TYPE,
          title: 'Citizen',
          fields: ['personalId', 'fullName'],
        },
        {
          code: 'ping-like',
          version: 1,
          provider: registry,
          requestType: PING_TYPE,
          responseType: 'urn:lienthong:bus:ping-response:1',
          title: 'A service whose request names no subject',
          fields: ['nonce'],
        },
      ],
      accessRights: ['citizen-by-id', 'ping-like'].map((service) => ({
        consumer: { member: 'CIV', subsystem: 'registry' },
        service,
        purposes: [PURPOSE.procedure],
        fields: ['personalId', 'fullName', 'nonce'],
        legalBases: {
          [PURPOSE.procedure]: [{ code: PURPOSE.legalBasis, citation: 'Nghị định 63/2024/NĐ-CP' }],
        },
      })),
    });
    key = readFileSync(bus.subjectKeyFile);
    for (let i = 0; i < 3; i++) {
      schemas.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    provider = await bus.startAdapter(agency('POP', schemas[0].schema, [CitizenHandler]));
    consumer = await bus.startAdapter(agency('CIV', schemas[1].schema, []));
  });

  afterAll(async () => {
    await consumer?.close();
    await provider?.close();
    for (const schema of schemas) {
      await schema.drop();
    }
    await bus?.close();
  });

  it("records the annotated field's value as the subject, at the consumer and the provider", async () => {
    const token = await bus.officerToken('CIV');
    const response = await request(consumer.getHttpServer())
      .post('/v1/lookups/citizen-by-id')
      .set('Authorization', `Bearer ${token}`)
      .send({ purpose: PURPOSE, query: { personalId: CITIZEN } });
    expect(response.status).toBe(200);
    const expected = subjectRef(key, 'personal-id', CITIZEN);
    for (const member of ['CIV', 'POP']) {
      await eventually(async () => {
        const records = await publishedAuditRecords(bus.nc, bus.namespace, member);
        const accepted = records.filter(
          (r) => r.correlationId === response.body.evidence.correlationId,
        );
        expect(accepted.length).toBeGreaterThan(0);
        for (const record of accepted) {
          expect(record.subjectRef).toBe(expected);
        }
      });
    }
    expect(provider.get(CitizenHandler).subjects.at(-1)).toEqual({
      scheme: 'personal-id',
      id: CITIZEN,
    });
  });

  it("the provider reads the subject from the payload, not from the sender's claim", async () => {
    const sealed = seal(
      {
        type: REQUEST_TYPE,
        recipient: registry,
        payload: { personalId: CITIZEN },
        purpose: PURPOSE,
        officer: { id: 'officer-07' },
        // a consumer naming someone else than the person it asks about
        subject: { scheme: 'personal-id', id: OTHER },
      },
      bus.member('CIV').signer,
    );
    const reply = await requestBytes(
      bus.nc,
      lookupSubject(bus.namespace, 'POP', 'registry', 'citizen-by-id'),
      { data: sealed.bytes, headers: sealed.headers },
      { timeoutMs: 5000 },
    );
    expect(reply.headers[LT_SIGNATURE]).toBeDefined();
    await eventually(async () => {
      const records = await publishedAuditRecords(bus.nc, bus.namespace, 'POP');
      const record = records.find((r) => r.messageId === sealed.body.id);
      expect(record?.outcome).toEqual({ status: 'accepted' });
      expect(record?.subjectRef).toBe(subjectRef(key, 'personal-id', CITIZEN));
    });
    expect(provider.get(CitizenHandler).subjects.at(-1)).toEqual({
      scheme: 'personal-id',
      id: CITIZEN,
    });
  });

  it('a consumer sends nothing for a service whose request schema names no subject', async () => {
    const token = await bus.officerToken('CIV');
    const response = await request(consumer.getHttpServer())
      .post('/v1/lookups/ping-like')
      .set('Authorization', `Bearer ${token}`)
      .send({ purpose: PURPOSE, query: { nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag' } });
    expect(response.status).toBe(500);
    expect(response.body.code).toBe('LOOKUP_SUBJECT_UNDECLARED');
  });

  it('a provider whose request schema names no subject is refused at start, saying how to fix it', async () => {
    await expect(
      bus.startAdapter(agency('POP', schemas[2].schema, [CitizenHandler, UndeclaredHandler])),
    ).rejects.toThrow(
      'the request schema urn:lienthong:bus:ping-request:1 of ping-like names no data subject: annotate its identifying property with "x-lienthong-subject": "<scheme>"',
    );
  });
});
