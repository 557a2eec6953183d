// Real: nats-server, PostgreSQL, PKI, signed global configuration, three adapters (BIZ sends
// official documents; CIV and INS receive them and push to their own systems), the reference
// webhook receiver (tools/webhook-receiver) on real HTTP ports, stopped and started again.
// Mocked: nothing.
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AgencyDefinition } from '@lienthong/adapter-kit';
import { WebhookRepository } from '@lienthong/adapter-kit/testing';
import {
  TestBus,
  type TestAttachmentStores,
  createTestSchema,
  eventually,
  makeTempRoot,
  startNatsServer,
  useOwnTestNats,
  type RunningNats,
  type TestSchema,
} from '@lienthong/testing';
import { WebhookReceiver } from '../tools/webhook-receiver/webhook-receiver';

const ORGAN = { BIZ: '000.00.00.B06', CIV: '000.00.00.B07', INS: '000.00.00.B08' } as const;
type Member = keyof typeof ORGAN;
const today = new Date().toISOString().slice(0, 10);

/** CIV keeps retrying for as long as the test needs; INS dead-letters after three attempts. */
function agency(member: Member, schema: string): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [],
    migrations: [],
    lookupHandlers: [],
    documents: { limits: { deliveryPollMs: 200 } },
    webhooks: {
      options: {
        pollMs: 100,
        backoffBaseMs: 100,
        backoffMaxMs: member === 'INS' ? 200 : 800,
        maxAttempts: member === 'INS' ? 3 : 1000,
        timeoutMs: 2000,
      },
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface ReceivedDocument {
  readonly kind: string;
  readonly documentRef: string;
  readonly documentId: string;
  readonly senderMember: string;
}

describe('webhooks: signed pushes to the agency’s systems, each once, across a receiver outage', () => {
  let restoreNats: (() => void) | undefined;
  const root = makeTempRoot('lienthong-webhooks-');
  let nats: RunningNats;
  let bus: TestBus;
  let stores: TestAttachmentStores;
  const apps: Partial<Record<Member, INestApplication>> = {};
  const schemas: Partial<Record<Member, TestSchema>> = {};
  const receivers: WebhookReceiver[] = [];

  const app = (member: Member) => apps[member] as INestApplication;
  const token = (member: Member, role = 'officer') => bus.officerToken(member, role);

  function receiver(member: Member, storeDir: string): WebhookReceiver {
    const certificate = bus.member(member, 'registry');
    const created = new WebhookReceiver({
      caPem: readFileSync(bus.anchorFile, 'utf8'),
      signerPem: [
        readFileSync(certificate.certFile, 'utf8'),
        readFileSync(certificate.chainFile, 'utf8'),
      ].join('\n'),
      storeDir,
    });
    receivers.push(created);
    return created;
  }

  async function sendDocument(recipient: Member, number: string): Promise<string> {
    const sent = await request(app('BIZ').getHttpServer())
      .post('/v1/documents')
      .set('Authorization', `Bearer ${await token('BIZ')}`)
      .field(
        'metadata',
        JSON.stringify({
          recipients: [recipient],
          header: {
            code: { number, notation: 'BKHĐT-ĐKKD' },
            promulgation: { place: 'Hà Nội', date: today },
            documentType: { type: 1, typeName: 'Công văn' },
            subject: 'V/v thông báo qua webhook',
            signer: { position: 'Thứ trưởng', fullName: 'Nguyễn Văn A' },
          },
        }),
      )
      .attach('main', randomBytes(1024), { filename: 'cv.pdf', contentType: 'application/pdf' });
    // the problem's code, when refused, says why
    expect([sent.status, (sent.body as { code?: string }).code ?? 'sent']).toEqual([201, 'sent']);
    return (sent.body as { documentId: string }).documentId;
  }

  async function register(member: Member, url: string) {
    const response = await request(app(member).getHttpServer())
      .post('/v1/webhooks')
      .set('Authorization', `Bearer ${await token(member, 'operator')}`)
      .send({ url, topics: ['document.received'], description: 'Phần mềm quản lý văn bản' });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  }

  async function deliveries(member: Member, state: string) {
    const response = await request(app(member).getHttpServer())
      .get(`/v1/webhooks/deliveries?state=${state}&limit=100`)
      .set('Authorization', `Bearer ${await token(member, 'operator')}`);
    expect(response.status).toBe(200);
    return response.body as {
      items: { id: string; attempts: number; lastError: string | null; state: string }[];
      total: number;
    };
  }

  const documentsOf = (received: WebhookReceiver): ReceivedDocument[] =>
    received.deliveries().map((d) => (JSON.parse(d.body) as { data: ReceivedDocument }).data);

  beforeAll(async () => {
    nats = await startNatsServer({ storeDir: join(root, 'nats') });
    restoreNats = useOwnTestNats(nats.url);
    bus = await TestBus.create({
      members: (['BIZ', 'CIV', 'INS'] as const).map((member) => ({
        member,
        subsystem: 'registry',
      })),
    });
    await bus.publishConfiguration({
      members: bus
        .configuration()
        .members.map((m) => (m.code in ORGAN ? { ...m, organId: ORGAN[m.code as Member] } : m)),
    });
    stores = await bus.ensureAttachmentStores();
    for (const member of ['BIZ', 'CIV', 'INS'] as const) {
      schemas[member] = await createTestSchema(process.env['TEST_DATABASE_URL'] ?? '');
      apps[member] = await bus.startAdapter(agency(member, schemas[member].schema), {
        databaseUrl: schemas[member].url,
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const received of receivers) {
      await received.close();
    }
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

  it('refuses a malformed endpoint and any role but the operator', async () => {
    const server = app('CIV').getHttpServer();
    const operator = await token('CIV', 'operator');
    for (const body of [
      { url: 'ftp://qlvb.example/hook', topics: ['document.received'] },
      { url: 'https://user:secret@qlvb.example/hook', topics: ['document.received'] },
      { url: 'https://qlvb.example/hook', topics: ['document.deleted'] },
      { url: 'https://qlvb.example/hook', topics: [] },
    ]) {
      const refused = await request(server)
        .post('/v1/webhooks')
        .set('Authorization', `Bearer ${operator}`)
        .send(body);
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('WEBHOOK_REQUEST_INVALID');
    }
    const officer = await request(server)
      .post('/v1/webhooks')
      .set('Authorization', `Bearer ${await token('CIV')}`)
      .send({ url: 'https://qlvb.example/hook', topics: ['document.received'] });
    expect(officer.status).toBe(403);
    const listed = await request(server)
      .get('/v1/webhooks')
      .set('Authorization', `Bearer ${operator}`);
    expect(listed.body.items).toEqual([]);
  });

  it('delivers each incoming document once, including those that arrived while the receiver was down', async () => {
    const received = receiver('CIV', join(root, 'civ-receiver'));
    const port = await received.listen(0);
    await register('CIV', `http://127.0.0.1:${port}/webhook`);

    const first = await sendDocument('CIV', '301');
    await eventually(
      () => expect(documentsOf(received).map((d) => d.documentId)).toEqual([first]),
      {
        timeoutMs: 20_000,
      },
    );
    expect(documentsOf(received)[0]).toMatchObject({
      kind: 'document.received',
      senderMember: 'BIZ',
    });

    // the receiver goes down; two documents arrive meanwhile and their pushes keep failing
    await received.close();
    const second = await sendDocument('CIV', '302');
    const third = await sendDocument('CIV', '303');
    await eventually(
      async () => {
        const pending = await deliveries('CIV', 'pending');
        expect(pending.total).toBe(2);
        expect(pending.items.every((d) => d.attempts >= 2 && d.lastError)).toBe(true);
      },
      { timeoutMs: 30_000 },
    );

    // it comes back (same port, same store): both arrive, nothing twice
    const back = receiver('CIV', join(root, 'civ-receiver'));
    await back.listen(port);
    await eventually(
      () =>
        expect(
          documentsOf(back)
            .map((d) => d.documentId)
            .sort(),
        ).toEqual([first, second, third].sort()),
      { timeoutMs: 30_000 },
    );
    await eventually(async () => expect((await deliveries('CIV', 'pending')).total).toBe(0));
    expect((await deliveries('CIV', 'delivered')).total).toBe(3);
    expect(await app('CIV').get(WebhookRepository).pending()).toBe(0);
    const refs = documentsOf(back).map((d) => d.documentRef);
    expect(new Set(refs).size).toBe(3);
    // each pushed reference is the copy CIV holds
    const copy = await request(app('CIV').getHttpServer())
      .get(`/v1/documents/${refs[0] ?? ''}`)
      .set('Authorization', `Bearer ${await token('CIV')}`);
    expect(copy.status).toBe(200);

    // a retry of a delivery the receiver already has (a lost answer) is acknowledged, not stored again
    const [stored] = back.deliveries();
    const target = `http://127.0.0.1:${port}/webhook`;
    const replay = await fetch(target, {
      method: 'POST',
      headers: stored?.headers ?? {},
      body: stored?.body ?? '',
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    expect(back.deliveries()).toHaveLength(3);

    // a changed body or a changed signed header does not verify, and nothing is stored
    const tampered = await fetch(target, {
      method: 'POST',
      headers: stored?.headers ?? {},
      body: (stored?.body ?? '').replace('"BIZ"', '"POP"'),
    });
    expect(tampered.status).toBe(401);
    const retopic = await fetch(target, {
      method: 'POST',
      headers: { ...stored?.headers, 'lt-topic': 'dossier.step' },
      body: stored?.body ?? '',
    });
    expect(retopic.status).toBe(401);
    const unsigned = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stored?.body ?? '',
    });
    expect(unsigned.status).toBe(401);
    expect(back.deliveries()).toHaveLength(3);
  }, 120_000);

  it('refuses a push signed by another agency', async () => {
    // a receiver that trusts BIZ's certificate only: CIV's signed push is refused and retried
    const port = await freePort();
    const strict = receiver('BIZ', join(root, 'strict-receiver'));
    await strict.listen(port);
    const endpoint = await register('CIV', `http://127.0.0.1:${port}/webhook`);
    await sendDocument('CIV', '304');
    await eventually(
      async () => {
        const pending = await deliveries('CIV', 'pending');
        expect(pending.items.some((d) => d.lastError === 'HTTP 401')).toBe(true);
      },
      { timeoutMs: 20_000 },
    );
    expect(strict.deliveries()).toEqual([]);
    expect(strict.refused).toBeGreaterThan(0);
    const removed = await request(app('CIV').getHttpServer())
      .delete(`/v1/webhooks/${endpoint.id}`)
      .set('Authorization', `Bearer ${await token('CIV', 'operator')}`);
    expect(removed.status).toBe(204);
  }, 60_000);

  it('dead-letters a delivery after its attempts, shows it to the operator, and delivers it when retried', async () => {
    const port = await freePort();
    await register('INS', `http://127.0.0.1:${port}/webhook`);
    const documentId = await sendDocument('INS', '305');
    const dead = await eventually(
      async () => {
        const found = await deliveries('INS', 'dead');
        expect(found.total).toBe(1);
        return found.items[0];
      },
      { timeoutMs: 30_000 },
    );
    expect(dead).toMatchObject({ state: 'dead', attempts: 3, lastError: expect.any(String) });

    const operator = await token('INS', 'operator');
    const notDead = await request(app('INS').getHttpServer())
      .post(`/v1/webhooks/deliveries/${randomUuid()}/retry`)
      .set('Authorization', `Bearer ${operator}`);
    expect(notDead.status).toBe(404);
    expect(notDead.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');

    const received = receiver('INS', join(root, 'ins-receiver'));
    await received.listen(port);
    const retried = await request(app('INS').getHttpServer())
      .post(`/v1/webhooks/deliveries/${dead?.id ?? ''}/retry`)
      .set('Authorization', `Bearer ${operator}`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ state: 'pending', attempts: 0 });
    await eventually(
      () => expect(documentsOf(received).map((d) => d.documentId)).toEqual([documentId]),
      { timeoutMs: 20_000 },
    );
    expect(received.deliveries()[0]?.id).toBe(dead?.id);
    const again = await request(app('INS').getHttpServer())
      .post(`/v1/webhooks/deliveries/${dead?.id ?? ''}/retry`)
      .set('Authorization', `Bearer ${operator}`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('WEBHOOK_DELIVERY_NOT_DEAD');
  }, 90_000);
});

function randomUuid(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}
