// Real: a nats-server of this file's own with per-agency users (restarted on the same port and store
// with other grants, or stopped for a while), PostgreSQL, PKI, signed global configuration, three
// adapters (BIZ sends, CIV and INS receive), edXML signatures. Mocked: nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type AgencyDefinition } from '@lienthong/adapter-kit';
import { DocumentOutbox } from '@lienthong/adapter-kit/testing';
import { connectBus, drainBus, jetstreamManager, streamName } from '@lienthong/messaging';
import {
  useOwnTestNats,
  TestBus,
  type TestAttachmentStores,
  createTestSchema,
  eventually,
  makeTempRoot,
  startNatsServer,
  type RunningNats,
  type TestSchema,
} from '@lienthong/testing';

const ORGAN = { BIZ: '000.00.00.B06', CIV: '000.00.00.B07', INS: '000.00.00.B08' } as const;
const today = new Date().toISOString().slice(0, 10);
const BIZ_NATS = { NATS_USER: 'biz', NATS_PASS: 'biz-password' };

function agency(member: string, schema: string): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [],
    migrations: [],
    lookupHandlers: [],
    documents: {
      limits: { deliveryPollMs: 200 },
    },
  };
}

/**
 * The server configuration: BIZ connects as its own user, which may (or, with `insDenied`, may
 * not) publish on INS's document subjects; everyone else is the operator.
 */
function natsConfig(insDenied: boolean): string {
  const deny = insDenied ? ', deny: ["*.doc.INS.>"]' : '';
  return [
    'authorization {',
    '  users: [',
    '    { user: "admin", password: "admin-password", permissions: {',
    '        publish: { allow: [">"] }, subscribe: { allow: [">"] } } },',
    `    { user: "${BIZ_NATS.NATS_USER}", password: "${BIZ_NATS.NATS_PASS}", permissions: {`,
    `        publish: { allow: [">"]${deny} }, subscribe: { allow: [">"] } } }`,
    '  ]',
    '}',
    'no_auth_user: "admin"',
    '',
  ].join('\n');
}

function header(number: string) {
  return {
    code: { number, notation: 'BKHĐT-ĐKKD' },
    promulgation: { place: 'Hà Nội', date: today },
    documentType: { type: 1, typeName: 'Công văn' },
    subject: 'V/v liên thông văn bản tới hai cơ quan',
    signer: { position: 'Thứ trưởng', fullName: 'Nguyễn Văn A' },
  };
}

describe('official documents: one commit, one envelope per recipient, delivered exactly once', () => {
  let restoreNats: (() => void) | undefined;
  const root = makeTempRoot('lienthong-documents-delivery-');
  const storeDir = join(root, 'nats');
  let nats: RunningNats;
  let bus: TestBus;
  let stores: TestAttachmentStores;
  const apps: Partial<Record<'BIZ' | 'CIV' | 'INS', INestApplication>> = {};
  const schemas: Partial<Record<'BIZ' | 'CIV' | 'INS', TestSchema>> = {};
  const tokens: Partial<Record<'BIZ' | 'CIV' | 'INS', string>> = {};

  const app = (member: 'BIZ' | 'CIV' | 'INS') => apps[member] as INestApplication;

  async function start(member: 'BIZ' | 'CIV' | 'INS'): Promise<void> {
    const schema = schemas[member] as TestSchema;
    apps[member] = await bus.startAdapter(agency(member, schema.schema), {
      databaseUrl: schema.url,
      ...(member === 'BIZ' ? { env: BIZ_NATS } : {}),
    });
  }

  beforeAll(async () => {
    nats = await startNatsServer({ storeDir, configText: natsConfig(true) });
    restoreNats = useOwnTestNats(nats.url);
    bus = await TestBus.create({
      members: ['BIZ', 'CIV', 'INS'].map((member) => ({ member, subsystem: 'registry' })),
    });
    await bus.publishConfiguration({
      members: bus
        .configuration()
        .members.map((m) =>
          m.code in ORGAN ? { ...m, organId: ORGAN[m.code as keyof typeof ORGAN] } : m,
        ),
    });
    stores = await bus.ensureAttachmentStores();
    for (const member of ['BIZ', 'CIV', 'INS'] as const) {
      schemas[member] = await createTestSchema(process.env['TEST_DATABASE_URL'] ?? '');
      await start(member);
      tokens[member] = await bus.officerToken(member);
    }
  }, 60_000);

  afterAll(async () => {
    for (const member of ['BIZ', 'CIV', 'INS'] as const) {
      await apps[member]?.close();
    }
    for (const schema of Object.values(schemas)) {
      await schema.drop();
    }
    await stores?.destroy();
    await bus?.close();
    await nats?.stop();
    rmSync(root, { recursive: true, force: true });
    restoreNats?.();
  });

  const get = (member: 'BIZ' | 'CIV' | 'INS', path: string) =>
    request(app(member).getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${tokens[member] ?? ''}`);

  /** The copies `member` received of `documentId`. */
  async function copies(member: 'CIV' | 'INS', documentId: string): Promise<{ id: string }[]> {
    const list = await get(member, '/v1/documents?direction=incoming&limit=100');
    expect(list.status).toBe(200);
    return list.body.items.filter((d: { documentId: string }) => d.documentId === documentId);
  }

  /** Messages the DOCS stream holds on each subject (asked on a connection of its own). */
  async function storedPerSubject(): Promise<Record<string, number>> {
    const nc = await connectBus({ servers: nats.url, name: 'documents-delivery-check' });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(streamName(bus.namespace, 'DOCS'), {
        subjects_filter: '>',
      });
      return info.state.subjects ?? {};
    } finally {
      await drainBus(nc);
    }
  }

  it('sends to two recipients while publishing to one is refused, and each gets it exactly once after recovery', async () => {
    const sent = await request(app('BIZ').getHttpServer())
      .post('/v1/documents')
      .set('Authorization', `Bearer ${tokens.BIZ ?? ''}`)
      .field('metadata', JSON.stringify({ recipients: ['CIV', 'INS'], header: header('201') }))
      .attach('main', randomBytes(4096), {
        filename: 'cong-van.pdf',
        contentType: 'application/pdf',
      });
    // committed: the answer says what was sent, with one delivery per recipient
    expect(sent.status).toBe(201);
    const { id, documentId } = sent.body as { id: string; documentId: string };
    expect(Object.keys(sent.body.deliveries).sort()).toEqual(['CIV', 'INS']);

    // CIV's delivery is acknowledged and answered; INS's cannot be published and waits
    await eventually(async () => expect(await copies('CIV', documentId)).toHaveLength(1), {
      timeoutMs: 15_000,
    });
    const waiting = await eventually(
      async () => {
        const view = await get('BIZ', `/v1/documents/${id}`);
        expect(view.body.deliveries.CIV).toMatchObject({ state: 'sent' });
        expect(view.body.deliveries.INS).toMatchObject({
          state: 'pending',
          lastError: expect.any(String),
        });
        expect(view.body.deliveries.INS.attempts).toBeGreaterThanOrEqual(1);
        expect(view.body.statuses).toMatchObject({ CIV: [{ code: '01' }], INS: [] });
        return view.body;
      },
      { timeoutMs: 30_000 },
    );
    expect(await copies('INS', documentId)).toEqual([]);

    // recovery: BIZ stops (as a crash between commit and publish would), INS's grant is fixed, BIZ
    // starts again and its relay publishes what was left, under the same envelope id
    await app('BIZ').close();
    await nats.stop();
    nats = await startNatsServer({ storeDir, port: nats.port, configText: natsConfig(false) });
    await start('BIZ');
    await eventually(async () => expect(await copies('INS', documentId)).toHaveLength(1), {
      timeoutMs: 30_000,
    });
    await eventually(
      async () => {
        const view = await get('BIZ', `/v1/documents/${id}`);
        expect(view.body.deliveries).toEqual({
          CIV: expect.objectContaining({ state: 'sent' }),
          INS: expect.objectContaining({
            state: 'sent',
            messageId: waiting.deliveries.INS.messageId,
          }),
        });
        expect(view.body.statuses).toMatchObject({ CIV: [{ code: '01' }], INS: [{ code: '01' }] });
      },
      { timeoutMs: 15_000 },
    );
    expect(await app('BIZ').get(DocumentOutbox).pending()).toBe(0);
    expect(await copies('CIV', documentId)).toHaveLength(1);
    expect(await copies('INS', documentId)).toHaveLength(1);
    const stored = await storedPerSubject();
    expect(stored[`${bus.namespace.subjectRoot}.doc.CIV.edoc`]).toBe(1);
    expect(stored[`${bus.namespace.subjectRoot}.doc.INS.edoc`]).toBe(1);
  }, 120_000);

  it('keeps a status posted while NATS is down and delivers it once NATS is back', async () => {
    const sent = await request(app('BIZ').getHttpServer())
      .post('/v1/documents')
      .set('Authorization', `Bearer ${tokens.BIZ ?? ''}`)
      .field('metadata', JSON.stringify({ recipients: ['CIV'], header: header('202') }))
      .attach('main', randomBytes(2048), {
        filename: 'cong-van.pdf',
        contentType: 'application/pdf',
      });
    expect(sent.status).toBe(201);
    const { id, documentId } = sent.body as { id: string; documentId: string };
    const [copy] = await eventually(
      async () => {
        const found = await copies('CIV', documentId);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeoutMs: 15_000 },
    );
    await eventually(async () => {
      const view = await get('BIZ', `/v1/documents/${id}`);
      expect(view.body.statuses.CIV).toMatchObject([{ code: '01' }]);
    });

    await nats.stop();
    const accepted = await request(app('CIV').getHttpServer())
      .post(`/v1/documents/${copy?.id ?? ''}/status`)
      .set('Authorization', `Bearer ${tokens.CIV ?? ''}`)
      .send({ code: '03' });
    // the status is committed with its message; the bus being down does not fail the officer
    expect(accepted.status).toBe(200);
    expect(accepted.body.statuses.CIV).toMatchObject([
      { code: '01', delivery: { state: 'sent' } },
      { code: '03', delivery: { state: 'pending' } },
    ]);
    nats = await startNatsServer({ storeDir, port: nats.port, configText: natsConfig(false) });

    await eventually(
      async () => {
        const view = await get('BIZ', `/v1/documents/${id}`);
        expect(view.body.statuses.CIV.map((s: { code: string }) => s.code)).toEqual(['01', '03']);
      },
      { timeoutMs: 45_000 },
    );
    await eventually(async () => {
      const view = await get('CIV', `/v1/documents/${copy?.id ?? ''}`);
      expect(view.body.statuses.CIV[1].delivery).toMatchObject({ state: 'sent' });
    });
    expect(await app('CIV').get(DocumentOutbox).pending()).toBe(0);
  }, 120_000);
});
