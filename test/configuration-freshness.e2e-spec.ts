// Real: nats-server, PostgreSQL, PKI, signed global configuration in KV, two adapters. Mocked: nothing.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AgencyDefinition } from '@lienthong/adapter-kit';
import {
  TestBus,
  createTestSchema,
  eventually,
  testDatabaseUrl,
  type TestSchema,
} from '@lienthong/testing';

const REQUEST_TYPE = 'urn:lienthong:population:citizen-by-id-request:1';
const RESPONSE_TYPE = 'urn:lienthong:population:citizen-by-id-response:1';
const PURPOSE = {
  procedure: 'KHAI-SINH-LT',
  legalBasis: 'nd-63-2024',
  caseId: 'HS-9',
};

function agency(member: string, schema: string): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [],
    migrations: [],
    lookupHandlers: [],
  };
}

describe('global configuration freshness: adapters fail closed', () => {
  let bus: TestBus;
  let consumer: INestApplication;
  let schema: TestSchema;

  beforeAll(async () => {
    bus = await TestBus.create({
      members: [
        { member: 'POP', subsystem: 'registry' },
        { member: 'CIV', subsystem: 'registry' },
      ],
      services: [
        {
          code: 'citizen-by-id',
          version: 1,
          provider: { member: 'POP', subsystem: 'registry' },
          requestType: REQUEST_TYPE,
          responseType: RESPONSE_TYPE,
          title: 'Citizen',
          fields: ['personalId'],
        },
      ],
      accessRights: [
        {
          consumer: { member: 'CIV', subsystem: 'registry' },
          service: 'citizen-by-id',
          purposes: [PURPOSE.procedure],
          fields: ['personalId'],
          legalBases: {
            [PURPOSE.procedure]: [
              { code: PURPOSE.legalBasis, citation: 'Nghị định 63/2024/NĐ-CP' },
            ],
          },
        },
      ],
    });
    schema = await createTestSchema(testDatabaseUrl());
    consumer = await bus.startAdapter(agency('CIV', schema.schema));
  });

  afterAll(async () => {
    await consumer?.close();
    await schema?.drop();
    await bus?.close();
  });

  it('turns health red and refuses look-ups once the configuration expires, and recovers on a fresh one', async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    await bus.publishConfiguration({ expiresAt: soon });
    await eventually(
      async () => {
        const health = await request(consumer.getHttpServer()).get('/health');
        if (health.status !== 503) {
          throw new Error('still healthy');
        }
      },
      { timeoutMs: 10_000 },
    );
    const health = await request(consumer.getHttpServer()).get('/health');
    expect(health.body.checks.configuration).toMatchObject({
      ok: false,
      error: 'configuration expired',
    });
    const refused = await request(consumer.getHttpServer())
      .post('/v1/lookups/citizen-by-id')
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({ purpose: PURPOSE, query: { personalId: '001085012345' } });
    expect([refused.status, refused.body.code]).toEqual([503, 'CONFIG_STALE']);

    await bus.publishConfiguration();
    await eventually(
      async () => {
        const again = await request(consumer.getHttpServer()).get('/health');
        if (again.status !== 200) {
          throw new Error('not recovered');
        }
      },
      { timeoutMs: 10_000 },
    );
  });

  it('never goes back to an older configuration version', async () => {
    const before = (await request(consumer.getHttpServer()).get('/health')).body.checks
      .configuration.version as number;
    // A replayed, older (but still valid and signed) snapshot must not replace the current one.
    await bus.publishConfiguration({ version: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = (await request(consumer.getHttpServer()).get('/health')).body.checks.configuration
      .version as number;
    expect(after).toBe(before);
  });
});
