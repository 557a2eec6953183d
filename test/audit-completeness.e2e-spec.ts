// Real: nats-server, PostgreSQL, PKI, the signed configuration of the demo (services, access and
// event rights as `npm start` registers them), seeded registries, the POP, CIV, INS and BIZ
// adapters and the audit service. Mocked: nothing.
//
// Every accepted message reaches the audit log (docs/protocol.md §13): the subscribers' records of
// the events they applied are theirs to make, so births and deaths leave the DLQ empty, and a
// look-up's records never share the fate of an event's in the same batch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, exportSPKI, generateKeyPair as joseKeyPair } from 'jose';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AUDIT_LOG_PARTY, type AgencyDefinition } from '@lienthong/adapter-kit';
import { seal } from '@lienthong/envelope';
import {
  STREAM_KINDS,
  jetstreamManager,
  lookupSubject,
  requestBytes,
  streamName,
} from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import { SchemaRegistry } from '@lienthong/schema';
import {
  TestBus,
  createTestSchema,
  eventually,
  testDatabaseUrl,
  type TestSchema,
} from '@lienthong/testing';
import type { AuditParty } from '@lienthong/audit-log';
import { auditAgency } from '../apps/audit/src/audit.agency';
import { loadAuditConfig } from '../apps/audit/src/audit.config';
import { BUSINESS_REGISTRY_AGENCY } from '../apps/business-registry/src/business-registry.agency';
import { CIVIL_STATUS_AGENCY } from '../apps/civil-status/src/civil-status.agency';
import { INSURANCE_AGENCY } from '../apps/insurance/src/insurance.agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
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

interface LineageNode {
  readonly messageId: string;
  readonly type: string;
  readonly sender: AuditParty;
  readonly records: { readonly recorder?: AuditParty; readonly outcome: { status: string } }[];
  readonly children: LineageNode[];
}

/** Token key files the audit service needs at boot; its staff token is minted here. */
async function auditTokens(dir: string) {
  mkdirSync(dir, { recursive: true });
  const operator = await joseKeyPair('ES256');
  const portal = await joseKeyPair('ES256');
  const jwk = { ...(await exportJWK(operator.publicKey)), kid: 'op-1', alg: 'ES256', use: 'sig' };
  writeFileSync(join(dir, 'operators.jwks.json'), JSON.stringify({ keys: [jwk] }));
  writeFileSync(join(dir, 'portal.pub.pem'), await exportSPKI(portal.publicKey));
  const { SignJWT } = await import('jose');
  return {
    env: {
      OPERATOR_JWKS_FILE: join(dir, 'operators.jwks.json'),
      PORTAL_TOKEN_PUBLIC_KEY_FILE: join(dir, 'portal.pub.pem'),
      AUDIT_LOG_ORIGIN: 'lienthong.test/audit/log',
      CHECKPOINT_INTERVAL_SECONDS: '2',
    },
    auditor: () =>
      new SignJWT({ role: 'auditor' })
        .setProtectedHeader({ alg: 'ES256', kid: 'op-1' })
        .setIssuer('lienthong-operator')
        .setAudience('lienthong-audit')
        .setSubject('auditor-1')
        .setExpirationTime('10m')
        .sign(operator.privateKey),
  };
}

/** Every message of a lineage tree, depth first. */
function flatten(nodes: readonly LineageNode[]): LineageNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

describe('every accepted message reaches the audit log', () => {
  let bus: TestBus;
  let audit: INestApplication;
  let auditor: string;
  const apps = new Map<string, INestApplication>();
  const schemas: TestSchema[] = [];
  /** Living adults heading a household: the parents of the births. */
  let heads: string[] = [];
  /** Insured, resident, legal representative of an enterprise: the death. */
  let deceased = '';

  beforeAll(async () => {
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
        legalBases: r.legalBases,
        fields: r.fields === '*' ? [] : [...r.fields],
      })),
      eventRights: DEMO_EVENT_RIGHTS.map((r) => ({
        subscriber: registry(r.subscriber),
        publisher: r.publisher,
        eventType: r.eventType,
      })),
    });
    const schemaOf: Record<string, TestSchema> = {};
    for (const member of [...Object.keys(AGENCIES), 'AUDIT']) {
      schemaOf[member] = await createTestSchema(testDatabaseUrl());
      schemas.push(schemaOf[member]);
    }
    const seeded = await seedRegistries({
      databaseUrl: testDatabaseUrl(),
      citizens: 200,
      seed: 'audit-completeness',
      schemas: {
        population: schemaOf['POP'].schema,
        civilStatus: schemaOf['CIV'].schema,
        insurance: schemaOf['INS'].schema,
        businessRegistry: schemaOf['BIZ'].schema,
      },
    });
    deceased = seeded.samples.livingAdult ?? '';
    const tokens = await auditTokens(join(bus.dir, 'audit-tokens'));
    auditor = await tokens.auditor();
    audit = await bus.startAdapter(
      auditAgency(loadAuditConfig(tokens.env), schemaOf['AUDIT'].schema),
      { databaseUrl: schemaOf['AUDIT'].url, env: tokens.env },
    );
    for (const [member, definition] of Object.entries(AGENCIES)) {
      apps.set(
        member,
        await bus.startAdapter(
          {
            ...definition,
            schema: schemaOf[member].schema,
            eventSettings: { ...definition.eventSettings, relayPollMs: 100 },
          },
          { databaseUrl: schemaOf[member].url },
        ),
      );
    }
    const rows = await apps
      .get('POP')
      ?.get<DataSource>(DATA_SOURCE)
      .query<{ personal_id: string }[]>(
        `SELECT c.personal_id FROM citizens c JOIN households h ON h.head_personal_id = c.personal_id
          WHERE c.status = 'ALIVE' AND c.birth_date < now() - interval '25 years'
            AND c.personal_id <> $1
          ORDER BY c.personal_id LIMIT 12`,
        [deceased],
      );
    heads = (rows ?? []).map((r) => r.personal_id);
  }, 180_000);

  afterAll(async () => {
    for (const app of [...apps.values(), audit]) {
      await app?.close();
    }
    for (const schema of schemas) {
      await schema.drop();
    }
    if (bus) {
      const jsm = await jetstreamManager(bus.nc);
      for (const kind of STREAM_KINDS) {
        await jsm.streams.delete(streamName(bus.namespace, kind)).catch(() => false);
      }
      await bus.close();
    }
  });

  const civ = () => apps.get('CIV') as INestApplication;
  const officer = () => bus.officerToken('CIV', 'officer', 'cb-tuphap-01');

  async function dossier(id: string): Promise<{ status: string; steps: unknown[] }> {
    const response = await request(civ().getHttpServer())
      .get(`/v1/dossiers/${id}`)
      .set('Authorization', `Bearer ${await officer()}`)
      .expect(200);
    return response.body as { status: string; steps: unknown[] };
  }

  /**
   * Registers a birth as an officer's system would: a retryable 503 (the parent's look-up
   * overloaded or timed out under the load of this test) is tried again, anything else is final.
   */
  async function registerBirth(father: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const response = await request(civ().getHttpServer())
        .post('/v1/births')
        .set('Authorization', `Bearer ${await officer()}`)
        .send({
          communeCode: '00004',
          child: {
            fullName: 'Phạm Minh An',
            sex: 'MALE',
            birthDate: new Date().toISOString().slice(0, 10),
            placeOfBirth: 'Bệnh viện Đa khoa',
          },
          fatherPersonalId: father,
        });
      if (response.status === 503 && attempt < 10) {
        await sleep(500);
        continue;
      }
      expect([response.status, (response.body as { code?: string }).code]).toEqual([
        202,
        undefined,
      ]);
      return (response.body as { dossierId: string }).dossierId;
    }
  }

  /** Until every event consumer and the audit service have settled all they were given. */
  async function settled(): Promise<void> {
    const jsm = await jetstreamManager(bus.nc);
    await eventually(
      async () => {
        for (const stream of ['EVENTS', 'AUDIT'] as const) {
          for await (const consumer of jsm.consumers.list(streamName(bus.namespace, stream))) {
            const info = await jsm.consumers.info(streamName(bus.namespace, stream), consumer.name);
            expect([consumer.name, info.num_pending, info.num_ack_pending]).toEqual([
              consumer.name,
              0,
              0,
            ]);
          }
        }
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }

  async function deadLetters(): Promise<number> {
    const jsm = await jetstreamManager(bus.nc);
    return (await jsm.streams.info(streamName(bus.namespace, 'DLQ'))).state.messages;
  }

  async function lineage(correlationId: string): Promise<LineageNode[]> {
    const response = await request(audit.getHttpServer())
      .get(`/v1/lineage/by-correlation/${correlationId}`)
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    return flatten((response.body as { roots: LineageNode[] }).roots);
  }

  it('a birth and a death leave the DLQ empty; lineage shows every subscriber applying each event', async () => {
    const birth = await registerBirth(heads[0]);
    const death = await request(civ().getHttpServer())
      .post('/v1/deaths')
      .set('Authorization', `Bearer ${await officer()}`)
      .send({
        communeCode: '00004',
        deceasedPersonalId: deceased,
        dateOfDeath: new Date().toISOString().slice(0, 10),
        placeOfDeath: 'Hà Nội',
        procedures: ['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL', 'FUNERAL_ALLOWANCE'],
      });
    expect(death.status).toBe(202);
    for (const id of [birth, (death.body as { dossierId: string }).dossierId]) {
      await eventually(
        async () => {
          const view = await dossier(id);
          expect([view.status, view.steps]).toEqual(['COMPLETED', view.steps]);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    }
    await settled();
    expect(await deadLetters()).toBe(0);

    // Each event of the birth dossier, recorded by every agency holding the right to it.
    const nodes = await lineage(birth);
    const events = nodes.filter((node) => node.type.startsWith('urn:lienthong:events:'));
    expect(events.map((e) => e.type).sort()).toEqual(
      expect.arrayContaining([
        'urn:lienthong:events:birth-registered:1',
        'urn:lienthong:events:card-issued:1',
        'urn:lienthong:events:citizen-created:1',
        'urn:lienthong:events:residence-registered:1',
      ]),
    );
    for (const event of events) {
      const eventType = /^urn:lienthong:events:(.+):1$/.exec(event.type)?.[1];
      const subscribers = DEMO_EVENT_RIGHTS.filter(
        (r) => r.publisher === event.sender.member && r.eventType === eventType,
      ).map((r) => r.subscriber);
      expect(subscribers.length).toBeGreaterThan(0);
      expect(
        event.records
          .filter((r) => r.outcome.status === 'accepted')
          .map((r) => r.recorder?.member)
          .sort(),
      ).toEqual([...subscribers].sort());
    }
  });

  it('under births and look-ups at once, every successful look-up has both its records in the log', async () => {
    const population = apps.get('POP') as INestApplication;
    const people = (
      await population
        .get<DataSource>(DATA_SOURCE)
        .query<{ personal_id: string }[]>(`SELECT personal_id FROM citizens LIMIT 100`)
    ).map((r) => r.personal_id);
    const lookups: { requestId: string; responseId: string }[] = [];
    const lookUp = async (personalId: string) => {
      const response = await request(civ().getHttpServer())
        .post('/v1/lookups/citizen-by-id')
        .set('Authorization', `Bearer ${await officer()}`)
        .send({
          purpose: {
            procedure: PROCEDURES.birth,
            legalBasis: 'nd-63-2024',
            caseId: 'HS-2026-000123',
          },
          query: { personalId },
        });
      if (response.status === 200) {
        const { evidence } = response.body as {
          evidence: { requestId: string; responseId: string };
        };
        lookups.push(evidence);
      }
    };
    const births = heads.slice(1).map((father) => registerBirth(father));
    const workers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = w; i < people.length; i += 4) {
        await lookUp(people[i]);
      }
    });
    const dossiers = await Promise.all(births);
    await Promise.all(workers);
    expect(lookups.length).toBeGreaterThan(people.length / 2);
    for (const id of dossiers) {
      await eventually(
        async () => expect((await dossier(id)).status).toMatch(/COMPLETED|REFUSED/),
        {
          timeoutMs: 60_000,
          intervalMs: 250,
        },
      );
    }
    await settled();
    expect(await deadLetters()).toBe(0);

    const rows = await audit
      .get<DataSource>(DATA_SOURCE)
      .query<{ message_id: string; n: string }[]>(
        `SELECT message_id, count(*) AS n FROM audit_record WHERE message_id = ANY($1)
          GROUP BY message_id`,
        [lookups.flatMap((l) => [l.requestId, l.responseId])],
      );
    const counted = new Map(rows.map((r) => [r.message_id, Number(r.n)]));
    const missing = lookups.filter(
      (l) => counted.get(l.requestId) !== 1 || counted.get(l.responseId) !== 1,
    );
    expect(missing).toEqual([]);
  });

  it('keeps the provider’s record of a request it refused because it was addressed to another', async () => {
    const misaddressed = seal(
      {
        type: 'urn:lienthong:population:citizen-by-id-request:1',
        recipient: registry('BIZ'),
        purpose: {
          procedure: PROCEDURES.birth,
          legalBasis: 'nd-63-2024',
          caseId: 'HS-1',
        },
        payload: { personalId: heads[0] },
      },
      bus.member('CIV').signer,
    );
    const reply = await requestBytes(
      bus.nc,
      lookupSubject(bus.namespace, 'POP', 'registry', 'citizen-by-id'),
      { data: misaddressed.bytes, headers: misaddressed.headers },
    );
    expect(reply.headers['Lt-Error-Code']).toBe('ENVELOPE_RECIPIENT_MISMATCH');
    await settled();
    expect(await deadLetters()).toBe(0);
    const [node] = await lineage(misaddressed.body.id);
    expect(node.records).toEqual([
      expect.objectContaining({
        recorder: registry('POP'),
        outcome: { status: 'refused', code: 'ENVELOPE_RECIPIENT_MISMATCH' },
      }),
    ]);
  });
});
