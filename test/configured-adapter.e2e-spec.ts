// Real: nats-server, PostgreSQL, PKI, signed configuration, the legacy merit registry as a process
// of its own, a misbehaving back end on loopback, the configured adapter (NCC), the population and
// civil-status adapters and their consumer HTTP API. Mocked: nothing.
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SchemaRegistry } from '@lienthong/schema';
import {
  TestBus,
  createTestSchema,
  makeTempRoot,
  testDatabaseUrl,
  type TestSchema,
} from '@lienthong/testing';
import { configuredAgencyDefinition } from '../apps/configured-adapter/src/configured-agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
import { verifyLookupEvidence } from '../tools/cli/verify-lookup-evidence';
import { recordFields } from '../tools/launcher/trust-bootstrap';
import { LEGACY_RECORD, MeritRegistryFixture, meritService } from './support/merit-registry';

const schemas = new SchemaRegistry();
const registry = (member: string) => ({ member, subsystem: 'registry' });
const DEATH = '1.011537';
const purpose = { procedure: DEATH, legalBasis: 'nd-63-2024', caseId: 'HS-2026-7' };

describe('a fifth registry joined by configuration: answers from the system the agency already runs', () => {
  let bus: TestBus;
  let dir: string;
  let legacy: MeritRegistryFixture;
  let rogue: Server;
  const apps = new Map<string, INestApplication>();
  const dbSchemas: TestSchema[] = [];

  const ask = async (service: string, personalId: string) =>
    request((apps.get('CIV') as INestApplication).getHttpServer())
      .post(`/v1/lookups/${service}`)
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({ purpose, query: { personalId } });

  beforeAll(async () => {
    dir = makeTempRoot('lt-ncc-');
    legacy = new MeritRegistryFixture(dir);
    // a back end that answers well-formed HTTP with a record outside the service's schema
    rogue = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ma_loi: '0', du_lieu: { ...LEGACY_RECORD, loai_doi_tuong: 'LIET_SI' } }),
      );
    });
    await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
    await legacy.start();
    const services = [meritService(schemas), meritService(schemas, 'merit-status-rogue')];
    bus = await TestBus.create({
      members: ['NCC', 'CIV', 'POP'].map(registry),
      services: [
        ...services,
        {
          code: 'citizen-by-id',
          version: 1,
          provider: registry('POP'),
          requestType: 'urn:lienthong:population:citizen-by-id-request:1',
          responseType: 'urn:lienthong:population:citizen-by-id-response:1',
          title: 'Citizen',
          fields: recordFields(schemas, 'urn:lienthong:population:citizen-by-id-response:1'),
        },
      ],
      accessRights: [
        ...services.map((s) => ({
          consumer: registry('CIV'),
          service: s.code,
          purposes: [DEATH],
          // the commune learns the status, not the certificate or the injury assessment
          fields: ['personalId', 'fullName', 'category', 'allowanceStatus'],
          legalBases: {
            [DEATH]: [{ code: purpose.legalBasis, citation: 'Nghị định 63/2024/NĐ-CP' }],
          },
        })),
        {
          consumer: registry('CIV'),
          service: 'citizen-by-id',
          purposes: [DEATH],
          fields: ['personalId', 'fullName'],
          legalBases: {
            [DEATH]: [{ code: purpose.legalBasis, citation: 'Nghị định 63/2024/NĐ-CP' }],
          },
        },
      ],
    });
    const agency = legacy.agency(schemas, {
      backends: {
        rogue: {
          kind: 'http',
          origin: `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`,
          timeoutMs: 1000,
        },
      },
      copies: [{ code: 'merit-status-rogue', backend: 'rogue' }],
    });
    for (const [name, definition] of [
      ['NCC', configuredAgencyDefinition(agency)],
      ['POP', POPULATION_AGENCY],
      ['CIV', { ...POPULATION_AGENCY, member: 'CIV' }],
    ] as const) {
      const schema = await createTestSchema(testDatabaseUrl());
      dbSchemas.push(schema);
      apps.set(name, await bus.startAdapter({ ...definition, schema: schema.schema }));
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
    await legacy?.stop();
    rogue?.closeAllConnections();
    await new Promise((resolve) => rogue?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a commune officer a verified, minimised answer from the legacy system', async () => {
    const response = await ask('merit-status-by-person', '001058012345');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'FOUND',
      record: {
        personalId: '001058012345',
        fullName: 'Trần Văn Bình',
        category: 'WAR_INVALID',
        allowanceStatus: 'RECEIVING',
      },
      policy: {
        service: 'merit-status-by-person',
        purpose: DEATH,
        fields: ['allowanceStatus', 'category', 'fullName', 'personalId'],
      },
    });
    expect(response.body.record).not.toHaveProperty('certificateNumber');
    expect(response.body.record).not.toHaveProperty('injuryRate');
    const report = await verifyLookupEvidence(response.body, bus.root.certificate.pem);
    expect(report.provider).toBe('NCC/registry');
  });

  it('answers a typed NOT_FOUND for a person the legacy system does not hold', async () => {
    const response = await ask('merit-status-by-person', '001099999999');

    expect([response.status, response.body.status]).toEqual([200, 'NOT_FOUND']);
  });

  it('never passes on an answer outside the schema: a signed PROVIDER_ANSWER_INVALID instead', async () => {
    const response = await ask('merit-status-rogue', '001058012345');

    expect([response.status, response.body.code]).toEqual([502, 'PROVIDER_ANSWER_INVALID']);
    expect(JSON.stringify(response.body)).not.toContain('LIET_SI');
    expect(response.body.evidence.provider).toEqual(registry('NCC'));
    expect(response.body.evidence.response.signature).toMatch(/\.\./);
  });

  it('with the legacy system down: a signed, retryable PROVIDER_UNAVAILABLE at once, and the profile still returns the other parts', async () => {
    await legacy.stop();
    try {
      const started = Date.now();
      const response = await ask('merit-status-by-person', '001058012345');
      expect(response.body.code).toBe('PROVIDER_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(3000);

      const profile = await request((apps.get('CIV') as INestApplication).getHttpServer())
        .post('/v1/profiles/citizen')
        .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
        .send({ purpose, query: { personalId: '001058012345' } });
      expect(profile.status).toBe(200);
      const parts = profile.body.parts as {
        provider: { service: string };
        status: string;
        error?: { code: string; retryable: boolean };
      }[];
      const byService = new Map(parts.map((p) => [p.provider.service, p]));
      expect(byService.get('citizen-by-id')?.status).toBe('OK');
      expect(byService.get('merit-status-by-person')).toMatchObject({
        status: 'ERROR',
        error: { code: 'PROVIDER_UNAVAILABLE', retryable: true },
      });
    } finally {
      await legacy.start();
    }
    const again = await ask('merit-status-by-person', '001058012345');
    expect(again.body.status).toBe('FOUND');
  });
});
