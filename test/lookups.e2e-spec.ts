// Real: nats-server, PostgreSQL, PKI, signed configuration, the four agency adapters with seeded
// registries, the consumer HTTP API. Mocked: nothing.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type AgencyDefinition } from '@lienthong/adapter-kit';
import { LookupServer } from '@lienthong/adapter-kit/testing';
import { canonicalJson } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import { TestBus, createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { BUSINESS_REGISTRY_AGENCY } from '../apps/business-registry/src/business-registry.agency';
import { CIVIL_STATUS_AGENCY } from '../apps/civil-status/src/civil-status.agency';
import { INSURANCE_AGENCY } from '../apps/insurance/src/insurance.agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
import { verifyLookupEvidence } from '../tools/cli/verify-lookup-evidence';
import { DEMO_ACCESS_RIGHTS, DEMO_SERVICES, PROCEDURES } from '../tools/launcher/demo-setup';
import { recordFields } from '../tools/launcher/trust-bootstrap';
import { seedRegistries, type SeedSummary } from '../tools/seed/seed';

const schemas = new SchemaRegistry();
const purpose = (procedure: string) => ({
  procedure,
  legalBasis: 'Nghị định 63/2024/NĐ-CP',
  caseId: 'HS-2026-000001',
});
const registry = (member: string) => ({ member, subsystem: 'registry' });

describe('provide data once: purpose-bound look-ups across the four registries', () => {
  let bus: TestBus;
  let seeded: SeedSummary;
  const apps = new Map<string, INestApplication>();
  const dbSchemas: TestSchema[] = [];
  const registrySchemas: Record<string, string> = {};

  async function start(
    definition: AgencyDefinition,
    name = definition.member,
  ): Promise<INestApplication> {
    const schema = registrySchemas[definition.member] ?? definition.schema;
    const app = await bus.startAdapter({ ...definition, schema });
    apps.set(name, app);
    return app;
  }

  const lookup = async (
    consumer: string,
    service: string,
    procedure: string,
    query: Record<string, string>,
  ) =>
    request((apps.get(consumer) as INestApplication).getHttpServer())
      .post(`/v1/lookups/${service}`)
      .set('Authorization', `Bearer ${await bus.officerToken(consumer)}`)
      .send({ purpose: purpose(procedure), query });

  beforeAll(async () => {
    bus = await TestBus.create({
      members: ['POP', 'BIZ', 'CIV', 'INS'].map(registry),
      services: DEMO_SERVICES.map((s) => ({
        code: s.code,
        version: 1,
        provider: registry(s.provider),
        requestType: s.requestType,
        responseType: s.responseType,
        title: s.title,
        fields: recordFields(schemas, s.responseType),
      })),
      accessRights: DEMO_ACCESS_RIGHTS.map((r) => {
        const service = DEMO_SERVICES.find((s) => s.code === r.service);
        return {
          consumer: registry(r.consumer),
          service: r.service,
          purposes: [...r.purposes],
          fields:
            r.fields === '*' && service
              ? recordFields(schemas, service.responseType)
              : [...r.fields],
        };
      }),
    });
    const names = {
      population: 'POP',
      businessRegistry: 'BIZ',
      civilStatus: 'CIV',
      insurance: 'INS',
    } as const;
    const target: Record<string, string> = {};
    for (const [registryName, member] of Object.entries(names)) {
      const schema = await createTestSchema(testDatabaseUrl());
      dbSchemas.push(schema);
      target[registryName] = schema.schema;
      registrySchemas[member] = schema.schema;
    }
    seeded = await seedRegistries({
      databaseUrl: testDatabaseUrl(),
      citizens: 300,
      seed: 7,
      schemas: target,
    });
    for (const definition of [
      POPULATION_AGENCY,
      BUSINESS_REGISTRY_AGENCY,
      CIVIL_STATUS_AGENCY,
      INSURANCE_AGENCY,
    ]) {
      await start(definition);
    }
  }, 120_000);

  afterAll(async () => {
    for (const app of apps.values()) {
      await app.close();
    }
    for (const schema of dbSchemas) {
      await schema.drop();
    }
    await bus?.close();
  });

  it('gives a commune officer the citizen record, minimised for the birth procedure, with evidence anyone can verify', async () => {
    const personalId = seeded.samples.livingAdult as string;
    const response = await lookup('CIV', 'citizen-by-id', PROCEDURES.birth, { personalId });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('FOUND');
    expect(response.body.record.personalId).toBe(personalId);
    expect(response.body.record).toHaveProperty('fullName');
    expect(response.body.record).toHaveProperty('household');
    expect(response.body.record).not.toHaveProperty('ethnicity');
    expect(response.body.record).not.toHaveProperty('religion');
    const report = await verifyLookupEvidence(response.body, bus.root.certificate.pem);
    expect(report.provider).toBe('POP/registry');
    expect(report.payload).toEqual({
      status: 'FOUND',
      record: response.body.record,
      policy: response.body.policy,
    });
  });

  it('never gives the insurance agency ethnicity or religion', async () => {
    const response = await lookup('INS', 'citizen-by-id', PROCEDURES.childCard, {
      personalId: seeded.samples.livingAdult as string,
    });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.record).sort()).toEqual(response.body.policy.fields);
    expect(response.body.policy.fields).not.toContain('ethnicity');
    expect(response.body.policy.fields).not.toContain('religion');
    expect(response.body.policy.fields).not.toContain('household');
  });

  it('answers each of the four services, and a typed NOT_FOUND', async () => {
    const personalId = seeded.samples.deceased as string;
    const results = await Promise.all([
      lookup('POP', 'civil-events-by-person', PROCEDURES.death, { personalId }),
      lookup('CIV', 'insurance-by-person', PROCEDURES.death, { personalId }),
      lookup('INS', 'enterprise-by-code', PROCEDURES.employer, {
        enterpriseCode: seeded.samples.enterprise as string,
      }),
      lookup('CIV', 'citizen-by-id', PROCEDURES.death, { personalId: '001085000001' }),
    ]);
    expect(results.map((r) => [r.status, r.body.status])).toEqual([
      [200, 'FOUND'],
      [200, 'FOUND'],
      [200, 'FOUND'],
      [200, 'NOT_FOUND'],
    ]);
    expect(results[0]?.body.record.death).toBeDefined();
  });

  it('refuses a consumer without the right, and a purpose the right does not name, with signed codes', async () => {
    const personalId = seeded.samples.livingAdult as string;
    const noRight = await lookup('BIZ', 'insurance-by-person', PROCEDURES.enterprise, {
      personalId,
    });
    const wrongPurpose = await lookup('INS', 'citizen-by-id', PROCEDURES.enterprise, {
      personalId,
    });
    expect([noRight.status, noRight.body.code]).toEqual([403, 'ACCESS_DENIED']);
    expect([wrongPurpose.status, wrongPurpose.body.code]).toEqual([
      403,
      'ACCESS_PURPOSE_NOT_ALLOWED',
    ]);
    expect(noRight.body.evidence.response.signature).toMatch(/\.\./);
  });

  it('spreads look-ups over two replicas of a provider (queue group)', async () => {
    // The replica is closed whatever happens: a failed first attempt that left it running would
    // put a third, uncounted member in the queue group of the retry (jest-e2e-retry).
    const replica = await bus.startAdapter({
      ...POPULATION_AGENCY,
      schema: registrySchemas[POPULATION_AGENCY.member] ?? POPULATION_AGENCY.schema,
    });
    try {
      const first = (apps.get('POP') as INestApplication).get(LookupServer).stats().answered;
      const second = replica.get(LookupServer).stats().answered;
      const personalId = seeded.samples.livingAdult as string;
      for (let i = 0; i < 40; i++) {
        const response = await lookup('CIV', 'citizen-by-id', PROCEDURES.birth, { personalId });
        expect(response.status).toBe(200);
      }
      const servedByFirst =
        (apps.get('POP') as INestApplication).get(LookupServer).stats().answered - first;
      const servedBySecond = replica.get(LookupServer).stats().answered - second;
      expect(servedByFirst + servedBySecond).toBe(40);
      expect(servedByFirst).toBeGreaterThan(0);
      expect(servedBySecond).toBeGreaterThan(0);
    } finally {
      await replica.close();
    }
  });

  it('builds a composite profile with one signed part per provider, and an error part for a stopped one', async () => {
    await (apps.get('INS') as INestApplication).close();
    apps.delete('INS');
    const started = Date.now();
    const response = await request((apps.get('CIV') as INestApplication).getHttpServer())
      .post('/v1/profiles/citizen')
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({ purpose: purpose(PROCEDURES.death), query: { personalId: seeded.samples.deceased } });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(4000);
    const parts = Object.fromEntries(
      response.body.parts.map((p: { provider: { member: string } }) => [p.provider.member, p]),
    );
    expect(parts['POP'].status).toBe('OK');
    expect(parts['POP'].envelope.payload.status).toBe('FOUND');
    expect(parts['INS']).toMatchObject({
      status: 'ERROR',
      error: { code: 'LOOKUP_PROVIDER_UNAVAILABLE', retryable: true },
    });
    const verified = await verifyLookupEvidence(
      {
        response: {
          body: canonicalJson(parts['POP'].envelope).toString('base64url'),
          encoding: 'base64url',
          signature: parts['POP'].signature,
        },
        certificates: [bus.member('POP').signer.certificate.pem, bus.issuing.certificate.pem],
      },
      bus.root.certificate.pem,
    ).catch((error: Error) => error);
    // The part carries the parsed body; its canonical form is what was signed.
    expect(verified).not.toBeInstanceOf(Error);
  });
});
