// Real: a PostgreSQL of this file's own (restarted, then its postmaster killed with SIGKILL and
// started again on the same data dir and port) under the POP, CIV, INS and BIZ adapters, the audit
// service and the trust service; the run's nats-server, PKI, signed configuration. Mocked: nothing.
//
// docs/operations.md: while the database is down every HTTP path answers the retryable
// 503 PERSISTENCE_UNAVAILABLE (look-ups on both sides, births, deaths, documents, audit queries,
// trust), never an opaque 500/502 INTERNAL_ERROR.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair as joseKeyPair } from 'jose';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AUDIT_LOG_PARTY, type AgencyDefinition } from '@lienthong/adapter-kit';
import { createDatabase, startPostgres, type RunningPostgres } from '@lienthong/devstack';
import { STREAM_KINDS, jetstreamManager, streamName } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import { SchemaRegistry } from '@lienthong/schema';
import {
  TestBus,
  createTestSchema,
  makeTempRoot,
  testNamespace,
  testNatsEnv,
  type TestSchema,
} from '@lienthong/testing';
import { auditAgency } from '../apps/audit/src/audit.agency';
import { loadAuditConfig } from '../apps/audit/src/audit.config';
import { BUSINESS_REGISTRY_AGENCY } from '../apps/business-registry/src/business-registry.agency';
import { CIVIL_STATUS_AGENCY } from '../apps/civil-status/src/civil-status.agency';
import { INSURANCE_AGENCY } from '../apps/insurance/src/insurance.agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
import { createTrustApp } from '../apps/trust/src/trust.app';
import { loadTrustConfig } from '../apps/trust/src/trust.config';
import {
  DEMO_ACCESS_RIGHTS,
  DEMO_EVENT_RIGHTS,
  DEMO_SERVICES,
  PROCEDURES,
} from '../tools/launcher/demo-setup';
import { recordFields } from '../tools/launcher/trust-bootstrap';
import { seedRegistries } from '../tools/seed/seed';

const registry = (member: string) => ({ member, subsystem: 'registry' });
const AGENCIES: Record<string, AgencyDefinition> = {
  POP: POPULATION_AGENCY,
  CIV: CIVIL_STATUS_AGENCY,
  INS: INSURANCE_AGENCY,
  BIZ: BUSINESS_REGISTRY_AGENCY,
};
const ORGAN: Record<string, string> = {
  BIZ: '000.00.00.B06',
  CIV: '000.00.00.B07',
  INS: '000.00.00.B08',
  POP: '000.00.00.B05',
};

/** One answer of the load: which path, its status and code. */
interface Outcome {
  readonly path: string;
  readonly status: number;
  readonly code?: string;
}

describe('a PostgreSQL outage under load answers 503 PERSISTENCE_UNAVAILABLE on every path', () => {
  const root = makeTempRoot('lienthong-pg-outage-');
  const dataDir = join(root, 'postgres');
  let postgres: RunningPostgres | undefined;
  let bus: TestBus;
  const apps = new Map<string, INestApplication>();
  const schemas: TestSchema[] = [];
  let staff: { audit: string; trust: string };
  let people: string[] = [];
  let heads: string[] = [];

  const startOwnPostgres = (port?: number) =>
    startPostgres({ dataDir, persistent: true, fsync: false, ...(port ? { port } : {}) });

  /** Starts the cluster again on its port, as soon as a killed one's leftovers let it. */
  async function restart(port: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        postgres = await startOwnPostgres(port);
        return;
      } catch (error) {
        if (attempt >= 20) {
          throw error;
        }
        await sleep(500);
      }
    }
  }

  async function staffKeys(dir: string) {
    const operator = await joseKeyPair('ES256');
    const portal = await joseKeyPair('ES256');
    const jwk = { ...(await exportJWK(operator.publicKey)), kid: 'op-1', alg: 'ES256', use: 'sig' };
    writeFileSync(join(dir, 'operators.jwks.json'), JSON.stringify({ keys: [jwk] }));
    writeFileSync(join(dir, 'portal.pub.pem'), await exportSPKI(portal.publicKey));
    const token = (audience: string, role: string) =>
      new SignJWT({ role })
        .setProtectedHeader({ alg: 'ES256', kid: 'op-1' })
        .setIssuer('lienthong-operator')
        .setAudience(audience)
        .setSubject(`${role}-1`)
        .setExpirationTime('10m')
        .sign(operator.privateKey);
    return {
      jwks: join(dir, 'operators.jwks.json'),
      portal: join(dir, 'portal.pub.pem'),
      audit: await token('lienthong-audit', 'auditor'),
      trust: await token('lienthong-trust', 'auditor'),
    };
  }

  beforeAll(async () => {
    postgres = await startOwnPostgres();
    const url = await createDatabase(postgres.url, 'lienthong_outage');
    const types = new SchemaRegistry();
    bus = await TestBus.create({
      members: [...Object.keys(AGENCIES).map(registry), AUDIT_LOG_PARTY],
      services: DEMO_SERVICES.map((s) => ({
        code: s.code,
        version: 1,
        provider: registry(s.provider),
        requestType: s.requestType,
        responseType: s.responseType,
        title: s.title,
        fields: recordFields(types, s.responseType),
      })),
      accessRights: DEMO_ACCESS_RIGHTS.map((r) => ({
        consumer: registry(r.consumer),
        service: r.service,
        purposes: [...r.purposes],
        fields: r.fields === '*' ? [] : [...r.fields],
      })),
      eventRights: DEMO_EVENT_RIGHTS.map((r) => ({
        subscriber: registry(r.subscriber),
        publisher: r.publisher,
        eventType: r.eventType,
      })),
    });
    await bus.publishConfiguration({
      members: bus
        .configuration()
        .members.map((m) => (ORGAN[m.code] ? { ...m, organId: ORGAN[m.code] } : m)),
    });
    await bus.ensureAttachmentStores();
    const schemaOf: Record<string, TestSchema> = {};
    for (const member of [...Object.keys(AGENCIES), 'AUDIT']) {
      schemaOf[member] = await createTestSchema(url);
      schemas.push(schemaOf[member]);
    }
    const seeded = await seedRegistries({
      databaseUrl: url,
      citizens: 100,
      seed: 'pg-outage',
      schemas: {
        population: schemaOf['POP'].schema,
        civilStatus: schemaOf['CIV'].schema,
        insurance: schemaOf['INS'].schema,
        businessRegistry: schemaOf['BIZ'].schema,
      },
    });
    const keys = await staffKeys(bus.dir);
    staff = { audit: keys.audit, trust: keys.trust };
    const auditEnv = {
      OPERATOR_JWKS_FILE: keys.jwks,
      PORTAL_TOKEN_PUBLIC_KEY_FILE: keys.portal,
      AUDIT_LOG_ORIGIN: 'lienthong.test/audit/log',
    };
    apps.set(
      'AUDIT',
      await bus.startAdapter(auditAgency(loadAuditConfig(auditEnv), schemaOf['AUDIT'].schema), {
        databaseUrl: schemaOf['AUDIT'].url,
        env: auditEnv,
      }),
    );
    for (const [member, definition] of Object.entries(AGENCIES)) {
      apps.set(
        member,
        await bus.startAdapter(
          { ...definition, schema: schemaOf[member].schema },
          { databaseUrl: schemaOf[member].url },
        ),
      );
    }
    const trustNamespace = testNamespace();
    apps.set(
      'TRUST',
      await createTrustApp(
        loadTrustConfig({
          DATABASE_URL: url,
          DATABASE_SCHEMA: `trust_${schemas[0].schema}`,
          ...testNatsEnv(),
          TRUST_DATA_DIR: join(root, 'trust'),
          TRUST_HTTP_PORT: '0',
          BUS_SUBJECT_ROOT: trustNamespace.subjectRoot,
          BUS_STREAM_PREFIX: trustNamespace.streamPrefix,
          CONFIG_PUBLISH_INTERVAL_SECONDS: '3600',
          OPERATOR_JWKS_FILE: keys.jwks,
        }),
      ),
    );
    const pop = (apps.get('POP') as INestApplication).get<DataSource>(DATA_SOURCE);
    people = (
      await pop.query<{ personal_id: string }[]>(
        `SELECT personal_id FROM citizens WHERE status = 'ALIVE' ORDER BY personal_id LIMIT 60`,
      )
    ).map((r) => r.personal_id);
    heads = (
      await pop.query<{ personal_id: string }[]>(
        `SELECT c.personal_id FROM citizens c JOIN households h ON h.head_personal_id = c.personal_id
          WHERE c.status = 'ALIVE' AND c.personal_id <> $1 ORDER BY c.personal_id LIMIT 20`,
        [seeded.samples.livingAdult ?? ''],
      )
    ).map((r) => r.personal_id);
  }, 240_000);

  afterAll(async () => {
    for (const app of apps.values()) {
      await app.close().catch(() => undefined);
    }
    if (bus) {
      const jsm = await jetstreamManager(bus.nc);
      for (const kind of STREAM_KINDS) {
        await jsm.streams.delete(streamName(bus.namespace, kind)).catch(() => false);
      }
      await bus.close();
    }
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const http = (member: string) => request((apps.get(member) as INestApplication).getHttpServer());

  /** One request of each kind an outage must not turn into INTERNAL_ERROR; `i` varies the data. */
  function requests(i: number): Record<string, () => Promise<request.Response>> {
    const civOfficer = () => bus.officerToken('CIV', 'officer', 'cb-tuphap-01');
    const person = people[i % people.length];
    return {
      lookup: async () =>
        http('CIV')
          .post('/v1/lookups/citizen-by-id')
          .set('Authorization', `Bearer ${await civOfficer()}`)
          .send({
            purpose: {
              procedure: PROCEDURES.birth,
              legalBasis: 'Nghị định 63/2024/NĐ-CP',
              caseId: 'HS-2026-000123',
            },
            query: { personalId: person },
          }),
      birth: async () =>
        http('CIV')
          .post('/v1/births')
          .set('Authorization', `Bearer ${await civOfficer()}`)
          .send({
            communeCode: '00004',
            child: {
              fullName: 'Phạm Minh An',
              sex: 'MALE',
              birthDate: new Date().toISOString().slice(0, 10),
              placeOfBirth: 'Bệnh viện Đa khoa',
            },
            fatherPersonalId: heads[i % heads.length],
          }),
      death: async () =>
        http('CIV')
          .post('/v1/deaths')
          .set('Authorization', `Bearer ${await civOfficer()}`)
          .send({
            communeCode: '00004',
            deceasedPersonalId: person,
            dateOfDeath: new Date().toISOString().slice(0, 10),
            placeOfDeath: 'Hà Nội',
            procedures: ['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL'],
          }),
      documents: async () =>
        http('BIZ')
          .get('/v1/documents?direction=outgoing')
          .set('Authorization', `Bearer ${await bus.officerToken('BIZ')}`),
      audit: async () =>
        http('AUDIT').get('/v1/records?limit=5').set('Authorization', `Bearer ${staff.audit}`),
      trust: async () =>
        http('TRUST').get('/v1/members').set('Authorization', `Bearer ${staff.trust}`),
    };
  }

  /** Sends every kind of request, `workers` at a time, until `stop` resolves. */
  async function load(stop: Promise<void>, workers = 3): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let done = false;
    void stop.then(() => (done = true));
    let n = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (!done) {
          const i = n++;
          for (const [path, send] of Object.entries(requests(i))) {
            const response = await send();
            outcomes.push({
              path,
              status: response.status,
              ...((response.body as { code?: string })?.code
                ? { code: (response.body as { code: string }).code }
                : {}),
            });
          }
        }
      }),
    );
    return outcomes;
  }

  /** An answer that is a server failure other than the retryable 503 of an outage. */
  const notRetryableOutage = (o: Outcome) =>
    o.status >= 500 && (o.status !== 503 || o.code !== 'PERSISTENCE_UNAVAILABLE');

  /**
   * While the database is down, asks each path until it answers (a 503 is expected of each, but
   * a path that answers otherwise is recorded too and judged like the rest).
   */
  async function probe(): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const path of Object.keys(requests(0))) {
      for (let i = 0; i < 20; i++) {
        const response = await requests(i)[path]();
        const code = (response.body as { code?: string })?.code;
        outcomes.push({ path, status: response.status, ...(code ? { code } : {}) });
        if (response.status >= 500) {
          break;
        }
        await sleep(100);
      }
    }
    return outcomes;
  }

  /**
   * Load before, during and after the outage, and each path probed while the database is down:
   * every answer, and the paths that answered 503 while it was down.
   */
  async function throughOutage(
    down: () => Promise<void>,
    up: () => Promise<void>,
  ): Promise<{ outcomes: Outcome[]; met: string[] }> {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const background = load(stopped);
    await sleep(500);
    await down();
    const probed = await probe();
    await up();
    await sleep(1_000);
    stop();
    const outcomes = [...(await background), ...probed];
    const met = probed.filter((o) => o.status === 503).map((o) => o.path);
    return { outcomes, met };
  }

  it('while PostgreSQL restarts', async () => {
    const running = postgres as RunningPostgres;
    const { outcomes, met } = await throughOutage(
      () => running.stop(),
      () => restart(running.port),
    );
    expect(outcomes.filter(notRetryableOutage)).toEqual([]);
    expect(met).toEqual(Object.keys(requests(0)));
  }, 120_000);

  it('while its postmaster is killed (SIGKILL) and started again', async () => {
    const running = postgres as RunningPostgres;
    const pid = Number(
      readFileSync(join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const { outcomes, met } = await throughOutage(
      async () => {
        process.kill(pid, 'SIGKILL');
        await sleep(200);
      },
      () => restart(running.port),
    );
    expect(outcomes.filter(notRetryableOutage)).toEqual([]);
    expect(met).toEqual(Object.keys(requests(0)));
  }, 120_000);
});
