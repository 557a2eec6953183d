// Real: nats-server, PostgreSQL, PKI, signed configuration, the legacy merit registry as a process
// of its own, a misbehaving back end on loopback, the configured adapter (NCC), the population and
// civil-status adapters and their consumer HTTP API. Mocked: nothing.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ProcessGroup, freePort, waitForHttp } from '@lienthong/devstack';
import { SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';
import {
  TestBus,
  createTestSchema,
  makeTempRoot,
  testDatabaseUrl,
  type TestSchema,
} from '@lienthong/testing';
import { loadAgencyConfiguration } from '../apps/configured-adapter/src/agency-configuration';
import { configuredAgencyDefinition } from '../apps/configured-adapter/src/configured-agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
import { verifyLookupEvidence } from '../tools/cli/verify-lookup-evidence';
import { recordFields } from '../tools/launcher/trust-bootstrap';

const root = findRepositoryRoot();
const schemas = new SchemaRegistry();
const registry = (member: string) => ({ member, subsystem: 'registry' });
const MERIT = {
  requestType: 'urn:lienthong:merit:merit-status-by-person-request:1',
  responseType: 'urn:lienthong:merit:merit-status-by-person-response:1',
};
const DEATH = '1.011537';
const purpose = { procedure: DEATH, legalBasis: 'Nghị định 63/2024/NĐ-CP', caseId: 'HS-2026-7' };

const RECORD = {
  so_dinh_danh: '001058012345',
  ho_ten: 'Trần Văn Bình',
  ngay_sinh: '12/04/1958',
  gioi_tinh: 'NAM',
  loai_doi_tuong: 'THUONG_BINH',
  ty_le_ton_thuong: 41,
  so_giay_chung_nhan: 'HN-TB-012345',
  ngay_cap_giay: '27/07/1989',
  co_quan_quan_ly: 'Sở Nội vụ thành phố Hà Nội',
  tinh_trang_tro_cap: 'DANG_HUONG',
  ngay_cap_nhat: '01/07/2025',
};

describe('a fifth registry joined by configuration: answers from the system the agency already runs', () => {
  const group = new ProcessGroup({ echo: false });
  let bus: TestBus;
  let dir: string;
  let legacyPort: number;
  let rogue: Server;
  const apps = new Map<string, INestApplication>();
  const dbSchemas: TestSchema[] = [];

  async function startLegacy(): Promise<void> {
    group.spawn('merit-registry', process.execPath, [
      join(root, 'legacy/merit-registry/server.mjs'),
      '--port',
      String(legacyPort),
      '--data',
      join(dir, 'records.json'),
      '--clients',
      join(dir, 'clients.json'),
    ]);
    await waitForHttp(`http://127.0.0.1:${legacyPort}/health`, 15_000);
  }

  const ask = async (service: string, personalId: string) =>
    request((apps.get('CIV') as INestApplication).getHttpServer())
      .post(`/v1/lookups/${service}`)
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({ purpose, query: { personalId } });

  beforeAll(async () => {
    dir = makeTempRoot('lt-ncc-');
    legacyPort = await freePort();
    writeFileSync(join(dir, 'records.json'), JSON.stringify({ records: [RECORD] }));
    writeFileSync(
      join(dir, 'clients.json'),
      JSON.stringify({
        clients: [
          {
            client_id: 'lienthong-ncc',
            secret_sha256: createHash('sha256').update('s3cret').digest('hex'),
          },
        ],
      }),
    );
    writeFileSync(join(dir, 'merit-client-secret'), 's3cret\n');
    // a back end that answers well-formed HTTP with a record outside the service's schema
    rogue = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ma_loi: '0', du_lieu: { ...RECORD, loai_doi_tuong: 'LIET_SI' } }));
    });
    await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
    await startLegacy();

    const demo = JSON.parse(
      readFileSync(join(root, 'deploy/agencies/merit-registry.agency.json'), 'utf8'),
    ) as {
      backends: Record<string, unknown> & { merit: { origin: string } };
      services: Record<string, unknown>[];
    };
    demo.backends.merit.origin = `http://127.0.0.1:${legacyPort}`;
    demo.backends['rogue'] = {
      kind: 'http',
      origin: `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`,
      timeoutMs: 1000,
    };
    demo.services.push({ ...demo.services[0], code: 'merit-status-rogue', backend: 'rogue' });
    writeFileSync(join(dir, 'agency.json'), JSON.stringify(demo));

    const services = [
      ['merit-status-by-person', 'NCC'],
      ['merit-status-rogue', 'NCC'],
    ].map(([code, provider]) => ({
      code: code,
      version: 1,
      provider: registry(provider),
      ...MERIT,
      title: 'Meritorious service status by person',
      fields: recordFields(schemas, MERIT.responseType),
    }));
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
        })),
        {
          consumer: registry('CIV'),
          service: 'citizen-by-id',
          purposes: [DEATH],
          fields: ['personalId', 'fullName'],
        },
      ],
    });
    const agency = loadAgencyConfiguration(join(dir, 'agency.json'), schemas);
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
    await group.stopAll();
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
    await group.stopAll();
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
      await startLegacy();
    }
    const again = await ask('merit-status-by-person', '001058012345');
    expect(again.body.status).toBe('FOUND');
  });
});
