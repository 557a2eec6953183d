// Real: nats-server (JetStream, object store), PostgreSQL, PKI, signed global configuration, two
// adapters (BIZ = the ministry, CIV = the province), edXML signatures. Mocked: nothing.
import { createHash, randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import {
  AdapterKitModule,
  documentInboxName,
  loadAdapterConfig,
  type AgencyDefinition,
} from '@lienthong/adapter-kit';
import {
  DOCUMENT_STATUS_TYPE,
  DOCUMENT_STATUS_V1_TYPE,
  EDOC_TYPE,
  type StatusPayload,
  type StatusPayloadV1,
} from '@lienthong/adapter-kit/testing';
import { buildEdxml, buildStatus, signEdxml } from '@lienthong/edxml';
import { seal, type EnvelopeBody } from '@lienthong/envelope';
import { ProblemFilter } from '@lienthong/errors';
import {
  documentSubject,
  jetstream,
  publishDurable,
  streamName,
  toNatsHeaders,
} from '@lienthong/messaging';
import { TrustStore, verifyDetachedJws } from '@lienthong/pki';
import {
  TestBus,
  type TestAttachmentStores,
  createTestSchema,
  eventually,
  publishedAuditRecords,
  type TestSchema,
} from '@lienthong/testing';
import type { AuditRecord } from '@lienthong/audit-log';

const ORGAN = { BIZ: '000.00.00.B06', CIV: '000.00.00.B07', INS: '000.00.00.B08' } as const;
const MAX_FILE_BYTES = 256 * 1024;
const today = new Date().toISOString().slice(0, 10);

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
      limits: { maxFileBytes: MAX_FILE_BYTES, maxAttachments: 4 },
    },
  };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function header(number: string, subject = 'V/v liên thông đăng ký doanh nghiệp') {
  return {
    code: { number, notation: 'BKHĐT-ĐKKD' },
    promulgation: { place: 'Hà Nội', date: today },
    documentType: { type: 1, typeName: 'Công văn' },
    subject,
    signer: { competence: 'KT.', position: 'Thứ trưởng', fullName: 'Nguyễn Văn A' },
    priority: 1,
  };
}

describe('official documents: edXML from the ministry (BIZ) to the province (CIV)', () => {
  let bus: TestBus;
  let biz: INestApplication;
  let civ: INestApplication;
  let stores: TestAttachmentStores;
  let bizToken: string;
  let civToken: string;
  const schemas: TestSchema[] = [];

  async function start(member: string, db: TestSchema): Promise<INestApplication> {
    const config = loadAdapterConfig(bus.adapterEnv(member, 'registry', { DATABASE_URL: db.url }));
    const moduleRef = await Test.createTestingModule({
      imports: [AdapterKitModule.forAgency(agency(member, db.schema), config)],
    }).compile();
    const app = moduleRef.createNestApplication();
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
    return app;
  }

  beforeAll(async () => {
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
    for (let i = 0; i < 2; i++) {
      schemas.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    biz = await start('BIZ', schemas[0]);
    civ = await start('CIV', schemas[1]);
    bizToken = await bus.officerToken('BIZ');
    civToken = await bus.officerToken('CIV');
    for (const app of [biz, civ]) {
      await eventually(
        async () => {
          const health = await request(app.getHttpServer()).get('/health');
          if (health.status !== 200) {
            throw new Error(`adapter not healthy: ${JSON.stringify(health.body)}`);
          }
        },
        { timeoutMs: 10_000 },
      );
    }
  });

  afterAll(async () => {
    await civ?.close();
    await biz?.close();
    for (const schema of schemas) {
      await schema.drop();
    }
    await stores?.destroy();
    await bus?.close();
  });

  function send(
    metadata: Record<string, unknown>,
    files: { main?: Buffer; attachments?: Buffer[] } = {},
  ) {
    const call = request(biz.getHttpServer())
      .post('/v1/documents')
      .set('Authorization', `Bearer ${bizToken}`)
      .field('metadata', JSON.stringify(metadata));
    if (files.main) {
      call.attach('main', files.main, { filename: 'cong-van.pdf', contentType: 'application/pdf' });
    }
    for (const [i, file] of (files.attachments ?? []).entries()) {
      call.attach('attachments', file, {
        filename: `phu-luc-${i}.pdf`,
        contentType: 'application/pdf',
      });
    }
    return call;
  }

  const get = (app: INestApplication, path: string, token: string) =>
    request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

  /** A download as raw bytes, whatever its content type. */
  const download = (app: INestApplication, path: string, token: string) =>
    get(app, path, token)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  const postStatus = (app: INestApplication, id: string, token: string, body: object) =>
    request(app.getHttpServer())
      .post(`/v1/documents/${id}/status`)
      .set('Authorization', `Bearer ${token}`)
      .send(body);

  /** The CIV copy of a document BIZ sent, once it arrived. */
  async function incomingCopy(documentId: string): Promise<{ id: string; availability: string }> {
    return eventually(
      async () => {
        const list = await get(civ, '/v1/documents?direction=incoming&limit=100', civToken);
        const found = list.body.items.find(
          (d: { documentId: string; businessType: string }) =>
            d.documentId === documentId && d.businessType === 'new',
        );
        if (!found) {
          throw new Error(`${documentId} not received yet`);
        }
        return found;
      },
      { timeoutMs: 15_000 },
    );
  }

  /** The status rows an adapter keeps for a document, as stored. */
  async function storedStatuses(
    schema: TestSchema,
    documentRef: string,
  ): Promise<{ code: string; package: Buffer; signature: string }[]> {
    const client = new Client({ connectionString: schema.url });
    await client.connect();
    try {
      const result = await client.query<{ code: string; package: Buffer; signature: string }>(
        'SELECT code, package, signature FROM document_status WHERE document_ref = $1 ORDER BY id',
        [documentRef],
      );
      return result.rows;
    } finally {
      await client.end();
    }
  }

  async function senderTimeline(id: string, length: number): Promise<string[]> {
    return eventually(
      async () => {
        const view = await get(biz, `/v1/documents/${id}`, bizToken);
        const codes = view.body.statuses.CIV.map((s: { code: string }) => s.code);
        if (codes.length < length) {
          throw new Error(`timeline so far: ${codes.join(',')}`);
        }
        return codes;
      },
      { timeoutMs: 15_000 },
    );
  }

  async function sendAndReceive(number: string) {
    return sendAndReceiveWith(number, randomBytes(2048));
  }

  async function sendAndReceiveWith(number: string, main: Buffer) {
    const sent = await send({ recipients: ['CIV'], header: header(number) }, { main });
    expect(sent.status).toBe(201);
    const copy = await incomingCopy(sent.body.documentId);
    await senderTimeline(sent.body.id, 1);
    return { sent: sent.body, copy };
  }

  it('sends a signed package, the province verifies it and the ministry sees 01 then 03', async () => {
    const main = randomBytes(100 * 1024);
    const annex = randomBytes(10 * 1024);
    const sent = await send(
      { recipients: ['CIV'], header: header('101') },
      { main, attachments: [annex] },
    );
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      direction: 'outgoing',
      documentId: `${ORGAN.BIZ},${today.replaceAll('-', '/')},101/BKHĐT-ĐKKD`,
      recipients: [{ member: 'CIV', organId: ORGAN.CIV }],
    });
    expect(sent.body.metadata.manifest.map((m: { sha256: string }) => m.sha256)).toEqual([
      sha256(main),
      sha256(annex),
    ]);
    // 201 says what was sent; each recipient's delivery goes out after the commit
    expect(sent.body.deliveries.CIV).toMatchObject({
      state: expect.stringMatching(/^(pending|sent)$/),
    });
    // the 201 view is the stored document (only the delivery and the timeline move on)
    expect(sent.body.statuses).toEqual({ CIV: [] });
    const stored = await get(biz, `/v1/documents/${sent.body.id}`, bizToken);
    const { deliveries: _d, statuses: _s, ...summary } = sent.body as Record<string, unknown>;
    expect(stored.body).toMatchObject(summary);
    expect(stored.body.deliveries.CIV).toMatchObject({
      messageId: sent.body.deliveries.CIV.messageId,
      queuedAt: sent.body.deliveries.CIV.queuedAt,
      attempts: 0,
    });
    const copy = await incomingCopy(sent.body.documentId);
    expect(await senderTimeline(sent.body.id, 1)).toEqual(['01']);
    const delivered = await get(biz, `/v1/documents/${sent.body.id}`, bizToken);
    expect(delivered.body.deliveries).toEqual({
      CIV: expect.objectContaining({
        messageId: sent.body.deliveries.CIV.messageId,
        state: 'sent',
        sentAt: expect.any(String),
      }),
    });

    const received = await get(civ, `/v1/documents/${copy.id}`, civToken);
    expect(received.body).toMatchObject({
      direction: 'incoming',
      sender: { member: 'BIZ', organId: ORGAN.BIZ },
      verification: { valid: true, attachmentsChecked: 2 },
      statuses: { CIV: [{ code: '01', origin: 'local' }] },
    });
    expect(received.body.deliveries).toBeUndefined();
    await eventually(async () => {
      const view = await get(civ, `/v1/documents/${copy.id}`, civToken);
      expect(view.body.statuses.CIV[0].delivery).toMatchObject({ state: 'sent', attempts: 0 });
    });
    const original = await download(biz, `/v1/documents/${sent.body.id}/package`, bizToken);
    const kept = await download(civ, `/v1/documents/${copy.id}/package`, civToken);
    expect(kept.status).toBe(200);
    expect(kept.headers['content-type']).toMatch(/^application\/xml/);
    expect(Buffer.compare(kept.body as Buffer, original.body as Buffer)).toBe(0);
    expect(sha256(kept.body as Buffer)).toBe(received.body.packageSha256);
    const file = await download(
      civ,
      `/v1/documents/${copy.id}/attachments/${sha256(main)}`,
      civToken,
    );
    expect(Buffer.compare(file.body as Buffer, main)).toBe(0);

    const accepted = await postStatus(civ, copy.id, civToken, { code: '03' });
    expect(accepted.status).toBe(200);
    expect(await senderTimeline(sent.body.id, 2)).toEqual(['01', '03']);

    // every status BIZ keeps verifies offline: the envelope body, its JWS, CIV's certificate
    const timeline = await storedStatuses(schemas[0], sent.body.id);
    expect(timeline.map((row) => row.code)).toEqual(['01', '03']);
    const offline = new TrustStore({
      anchors: [bus.root.certificate.pem],
      intermediates: [bus.issuing.certificate.pem],
      certificates: [bus.member('CIV').signer.certificate.pem],
    });
    for (const row of timeline) {
      await verifyDetachedJws(row.signature, row.package, offline, { at: new Date() });
      const body = JSON.parse(row.package.toString('utf8')) as EnvelopeBody<StatusPayload>;
      expect(body).toMatchObject({
        type: DOCUMENT_STATUS_TYPE,
        sender: { member: 'CIV' },
        payload: { documentId: sent.body.documentId, statusCode: row.code },
      });
      const forged = Buffer.from(row.package.toString('utf8').replace(row.code, '06'), 'utf8');
      await expect(
        verifyDetachedJws(row.signature, forged, offline, { at: new Date() }),
      ).rejects.toMatchObject({ code: 'PKI_SIGNATURE_INVALID' });
    }

    const incomingAccepted = await get(civ, '/v1/documents?direction=incoming&status=03', civToken);
    expect(incomingAccepted.body.items.map((d: { id: string }) => d.id)).toContain(copy.id);
    const outgoing = await get(biz, '/v1/documents?direction=outgoing&sender=BIZ', bizToken);
    expect(outgoing.body.items.map((d: { id: string }) => d.id)).toContain(sent.body.id);
  });

  it('takes a document and a status delivered twice once: no second copy or entry, no refusal, no answer', async () => {
    const toCiv = bus.nc.subscribe(documentSubject(bus.namespace, 'CIV', 'edoc'), { max: 1 });
    const { sent, copy } = await sendAndReceiveWith('130', randomBytes(1024));
    const toBiz = bus.nc.subscribe(documentSubject(bus.namespace, 'BIZ', 'status'), { max: 1 });
    expect((await postStatus(civ, copy.id, civToken, { code: '03' })).status).toBe(200);
    const captured = [];
    for (const subscription of [toCiv, toBiz]) {
      for await (const message of subscription) {
        captured.push(message);
      }
    }
    expect(await senderTimeline(sent.id, 2)).toEqual(['01', '03']);
    const answers = ['BIZ', 'CIV'].map((member) =>
      bus.nc.subscribe(documentSubject(bus.namespace, member, 'status')),
    );
    const heard: string[] = [];
    const listening = answers.map(async (subscription) => {
      for await (const message of subscription) {
        heard.push((JSON.parse(Buffer.from(message.data).toString('utf8')) as { id: string }).id);
      }
    });
    // the same envelopes again, past JetStream's duplicate window (no Nats-Msg-Id): redeliveries
    for (const message of captured) {
      const headers = message.headers!;
      headers.delete('Nats-Msg-Id');
      await jetstream(bus.nc).publish(message.subject, message.data, { headers });
    }
    const jsm = await jetstream(bus.nc).jetstreamManager();
    await eventually(async () => {
      for (const member of ['BIZ', 'CIV']) {
        const inbox = documentInboxName(member, 'registry');
        const info = await jsm.consumers.info(streamName(bus.namespace, 'DOCS'), inbox);
        expect([member, info.num_pending, info.num_ack_pending]).toEqual([member, 0, 0]);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    answers.forEach((subscription) => subscription.unsubscribe());
    await Promise.all(listening);
    const ids = captured.map(
      (m) => (JSON.parse(Buffer.from(m.data).toString('utf8')) as { id: string }).id,
    );
    // nothing but the redelivered envelopes themselves went by: no answer, no refusal
    expect(heard.filter((id) => !ids.includes(id))).toEqual([]);
    expect(await senderTimeline(sent.id, 2)).toEqual(['01', '03']);
    const copies = await get(civ, '/v1/documents?direction=incoming&limit=100', civToken);
    expect(
      copies.body.items.filter((d: { documentId: string }) => d.documentId === sent.documentId),
    ).toHaveLength(1);
    for (const [app, token] of [
      [biz, bizToken],
      [civ, civToken],
    ] as const) {
      const quarantine = await get(app, '/v1/documents/quarantine', token);
      expect(
        quarantine.body.items.filter((q: { deliveryId: string }) => ids.includes(q.deliveryId)),
      ).toEqual([]);
    }
  });

  it('sends no status its schema refuses: an officer name longer than a status carries', async () => {
    const { copy } = await sendAndReceiveWith('131', randomBytes(1024));
    const longName = await bus.officerToken('CIV', 'officer', `officer-${'x'.repeat(300)}`);
    const refused = await postStatus(civ, copy.id, longName, { code: '03' });
    expect([refused.status, refused.body.code]).toEqual([400, 'PAYLOAD_SCHEMA_INVALID']);
    const view = await get(civ, `/v1/documents/${copy.id}`, civToken);
    expect(view.body.statuses.CIV.map((s: { code: string }) => s.code)).toEqual(['01']);
  });

  it('allows legal transitions only, each side its own codes', async () => {
    const { sent, copy } = await sendAndReceive('102');
    const skip = await postStatus(civ, copy.id, civToken, { code: '06' });
    expect([skip.status, skip.body.code]).toEqual([409, 'DOCUMENT_TRANSITION_INVALID']);
    const notYours = await postStatus(biz, sent.id, bizToken, { code: '03' });
    expect([notYours.status, notYours.body.code]).toEqual([403, 'DOCUMENT_STATUS_NOT_YOURS']);
    const noReason = await postStatus(civ, copy.id, civToken, { code: '02' });
    expect([noReason.status, noReason.body.code]).toEqual([400, 'DOCUMENT_REASON_REQUIRED']);
    const auditor = await postStatus(civ, copy.id, await bus.officerToken('CIV', 'auditor'), {
      code: '03',
    });
    expect([auditor.status, auditor.body.code]).toEqual([403, 'AUTH_ROLE_FORBIDDEN']);

    for (const code of ['03', '04', '05']) {
      expect((await postStatus(civ, copy.id, civToken, { code })).status).toBe(200);
    }
    // statuses travel after their commit: the ministry asks to take back once it has seen 05
    expect(await senderTimeline(sent.id, 4)).toEqual(['01', '03', '04', '05']);
    expect(
      (await postStatus(biz, sent.id, bizToken, { code: '13', description: 'Gửi nhầm' })).status,
    ).toBe(200);
    await eventually(async () => {
      const view = await get(civ, `/v1/documents/${copy.id}`, civToken);
      expect(view.body.statuses.CIV.map((s: { code: string }) => s.code)).toContain('13');
    });
    const blocked = await postStatus(civ, copy.id, civToken, { code: '06' });
    expect(blocked.body.code).toBe('DOCUMENT_TRANSITION_INVALID');
    const refused = await postStatus(civ, copy.id, civToken, {
      code: '16',
      description: 'Đang xử lý',
    });
    expect(refused.status).toBe(200);
    expect((await postStatus(civ, copy.id, civToken, { code: '06' })).status).toBe(200);
    expect(await senderTimeline(sent.id, 7)).toEqual(['01', '03', '04', '05', '13', '16', '06']);
  });

  it('revokes: the province withdraws its copy and answers 15', async () => {
    const { sent, copy } = await sendAndReceive('103');
    const revoke = await send({
      recipients: [],
      header: header('104', 'V/v thu hồi Công văn số 103/BKHĐT-ĐKKD'),
      business: {
        docType: 'revoke',
        documentId: sent.documentId,
        reason: 'Ban hành sai thẩm quyền',
      },
    });
    expect(revoke.status).toBe(201);
    expect(await senderTimeline(sent.id, 3)).toEqual(['01', '13', '15']);
    const withdrawn = await get(civ, `/v1/documents/${copy.id}`, civToken);
    expect(withdrawn.body.availability).toBe('revoked');
    const pkg = await get(civ, `/v1/documents/${copy.id}/package`, civToken);
    expect([pkg.status, pkg.body.code]).toEqual([410, 'DOCUMENT_NOT_AVAILABLE']);
    expect((await get(biz, `/v1/documents/${sent.id}`, bizToken)).body.availability).toBe(
      'revoked',
    );
    const again = await send({
      recipients: [],
      header: header('105'),
      business: { docType: 'revoke', documentId: sent.documentId, reason: 'lần hai' },
    });
    expect([again.status, again.body.code]).toEqual([400, 'DOCUMENT_TARGET_UNKNOWN']);
  });

  it('replaces: the old copy is marked replaced, the new one arrives valid with 01', async () => {
    const { sent, copy } = await sendAndReceive('106');
    const replacement = await send(
      {
        recipients: ['CIV'],
        header: header('107', 'V/v thay thế Công văn số 106/BKHĐT-ĐKKD'),
        business: { docType: 'replace', documentId: sent.documentId, reason: 'Sai sót số liệu' },
      },
      { main: randomBytes(4096) },
    );
    expect(replacement.status).toBe(201);
    const fresh = await eventually(
      async () => {
        const list = await get(civ, '/v1/documents?direction=incoming&limit=100', civToken);
        const found = list.body.items.find(
          (d: { documentId: string }) => d.documentId === replacement.body.documentId,
        );
        if (!found) {
          throw new Error('replacement not received yet');
        }
        return found;
      },
      { timeoutMs: 15_000 },
    );
    expect(fresh).toMatchObject({
      businessType: 'replace',
      availability: 'valid',
      targetRef: copy.id,
    });
    expect((await get(civ, `/v1/documents/${copy.id}`, civToken)).body.availability).toBe(
      'replaced',
    );
  });

  it('refuses a package whose attachment does not match its signed digest: 02 + quarantine', async () => {
    const ins = bus.member('INS').signer;
    const listed = randomBytes(8192);
    const tampered = Buffer.from(listed);
    tampered[100] ^= 0xff;
    // the object named by the listed digest holds other bytes
    await stores.of('INS', 'CIV').putBlob({ name: sha256(listed) }, tampered);
    const xml = buildEdxml({
      header: {
        ...header('7'),
        from: { organId: ORGAN.INS, organName: 'Bảo hiểm xã hội' },
        to: [{ organId: ORGAN.CIV, organName: 'Hộ tịch' }],
      },
      trace: [{ organId: ORGAN.INS, timestamp: new Date() }],
      attachments: [
        {
          contentType: 'application/pdf',
          attachmentName: 'a.pdf',
          sha256: sha256(listed),
          size: listed.length,
        },
      ],
    });
    const signed = Buffer.from(signEdxml(xml, ins), 'utf8');
    const documentId = `${ORGAN.INS},${today.replaceAll('-', '/')},7/BKHĐT-ĐKKD`;
    const statuses = bus.nc.subscribe(documentSubject(bus.namespace, 'INS', 'status'), { max: 1 });
    const sealed = seal(
      {
        type: EDOC_TYPE,
        recipient: { member: 'CIV', subsystem: 'registry' },
        payload: {
          documentId,
          businessType: 'new',
          package: signed.toString('base64'),
          attachments: [{ sha256: sha256(listed), size: listed.length }],
        },
      },
      ins,
    );
    await publishDurable(jetstream(bus.nc), documentSubject(bus.namespace, 'CIV', 'edoc'), {
      data: sealed.bytes,
      msgId: sealed.body.id,
      headers: sealed.headers,
    });
    let status: StatusPayload | undefined;
    for await (const message of statuses) {
      status = (
        JSON.parse(Buffer.from(message.data).toString('utf8')) as { payload: StatusPayload }
      ).payload;
    }
    expect(status).toMatchObject({
      documentId,
      statusCode: '02',
      reasonCode: 'EDXML_ATTACHMENT_DIGEST_MISMATCH',
      deliveryId: sealed.body.id,
    });
    expect(status?.description).toContain('EDXML_ATTACHMENT_DIGEST_MISMATCH');
    // the 02 is queued with the quarantine row and published after its commit
    await eventually(async () => {
      const quarantine = await get(civ, '/v1/documents/quarantine', civToken);
      expect(quarantine.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            deliveryId: sealed.body.id,
            reasonCode: 'EDXML_ATTACHMENT_DIGEST_MISMATCH',
            envelopeVerified: true,
            statusSent: true,
            rawBytes: sealed.bytes.length,
          }),
        ]),
      );
    });
    const listedCopies = await get(civ, '/v1/documents?direction=incoming&limit=100', civToken);
    expect(listedCopies.body.items.map((d: { documentId: string }) => d.documentId)).not.toContain(
      documentId,
    );
  });

  /** Seals `xml` (signed by INS) as a delivery to CIV and publishes it; returns CIV's answer. */
  async function deliverFromIns(
    signedXml: string,
    documentId: string,
  ): Promise<{ id: string; answer: StatusPayload }> {
    const ins = bus.member('INS').signer;
    const statuses = bus.nc.subscribe(documentSubject(bus.namespace, 'INS', 'status'), { max: 1 });
    const sealed = seal(
      {
        type: EDOC_TYPE,
        recipient: { member: 'CIV', subsystem: 'registry' },
        payload: {
          documentId,
          businessType: 'new',
          package: Buffer.from(signedXml, 'utf8').toString('base64'),
          attachments: [],
        },
      },
      ins,
    );
    await publishDurable(jetstream(bus.nc), documentSubject(bus.namespace, 'CIV', 'edoc'), {
      data: sealed.bytes,
      msgId: sealed.body.id,
      headers: sealed.headers,
    });
    for await (const message of statuses) {
      const answer = (
        JSON.parse(Buffer.from(message.data).toString('utf8')) as { payload: StatusPayload }
      ).payload;
      return { id: sealed.body.id, answer };
    }
    throw new Error('no answer from CIV');
  }

  it('stores only what it verified: a package whose signed text a comment or CDATA splits is refused, never served', async () => {
    const cases = [
      ['70', (x: string) => x.replace('Hà Nội', 'Hà<!-- x --> Nội'), 'EDXML_COMMENT_FORBIDDEN'],
      [
        '71',
        (x: string) => x.replace('Nguyễn Văn A', 'Nguyễn <!---->Văn A'),
        'EDXML_COMMENT_FORBIDDEN',
      ],
      ['72', (x: string) => x.replace('Hà Nội', 'Hà<![CDATA[ Nội]]>'), 'EDXML_CDATA_FORBIDDEN'],
    ] as const;
    for (const [number, split, code] of cases) {
      const documentId = `${ORGAN.INS},${today.replaceAll('-', '/')},${number}/BKHĐT-ĐKKD`;
      const signed = signEdxml(
        buildEdxml({
          header: {
            ...header(number),
            from: { organId: ORGAN.INS, organName: 'Bảo hiểm xã hội' },
            to: [{ organId: ORGAN.CIV, organName: 'Hộ tịch' }],
          },
          trace: [{ organId: ORGAN.INS, timestamp: new Date() }],
          attachments: [],
        }),
        bus.member('INS').signer,
      );
      const edited = split(signed);
      expect(edited).not.toBe(signed);
      const { id, answer } = await deliverFromIns(edited, documentId);
      expect([number, answer]).toEqual([
        number,
        expect.objectContaining({ documentId, statusCode: '02', reasonCode: code, deliveryId: id }),
      ]);
      await eventually(async () => {
        const quarantine = await get(civ, '/v1/documents/quarantine', civToken);
        expect(
          quarantine.body.items.filter((q: { deliveryId: string }) => q.deliveryId === id),
        ).toEqual([expect.objectContaining({ reasonCode: code, envelopeVerified: true })]);
      });
      const copies = await get(civ, '/v1/documents?direction=incoming&limit=100', civToken);
      expect(copies.body.items.map((d: { documentId: string }) => d.documentId)).not.toContain(
        documentId,
      );
    }
  });

  it('applies a status only to the delivery it answers: a refusal of a delivery BIZ never made changes neither timeline', async () => {
    const { sent, copy } = await sendAndReceive('140');
    expect(await senderTimeline(sent.id, 1)).toEqual(['01']);
    const answers = bus.nc.subscribe(documentSubject(bus.namespace, 'BIZ', 'status'), { max: 1 });
    // a delivery BIZ's adapter never made, signed with BIZ's key, that names the genuine document:
    // CIV refuses it and answers BIZ with an automatic 02 about that DocumentId
    const forged = seal(
      {
        type: EDOC_TYPE,
        recipient: { member: 'CIV', subsystem: 'registry' },
        payload: {
          documentId: sent.documentId,
          businessType: 'new',
          package: Buffer.from('<not-a-package/>').toString('base64'),
          attachments: [],
        },
      },
      bus.member('BIZ').signer,
    );
    await publishDurable(jetstream(bus.nc), documentSubject(bus.namespace, 'CIV', 'edoc'), {
      data: forged.bytes,
      msgId: forged.body.id,
      headers: forged.headers,
    });
    let refusal: { id: string; payload: StatusPayload } | undefined;
    for await (const message of answers) {
      refusal = JSON.parse(Buffer.from(message.data).toString('utf8')) as typeof refusal;
    }
    expect(refusal?.payload).toMatchObject({
      documentId: sent.documentId,
      statusCode: '02',
      deliveryId: forged.body.id,
      reasonCode: expect.stringMatching(/^EDXML_/),
    });
    // BIZ binds it to the delivery it answers, which it never made: refused, never applied
    await eventually(async () => {
      const quarantine = await get(biz, '/v1/documents/quarantine', bizToken);
      expect(
        quarantine.body.items.filter((q: { deliveryId: string }) => q.deliveryId === refusal?.id),
      ).toEqual([
        expect.objectContaining({ reasonCode: 'DOCUMENT_STATUS_UNBOUND', statusSent: false }),
      ]);
    });
    expect(await senderTimeline(sent.id, 1)).toEqual(['01']);

    // a 02 that names the genuine document but answers a delivery of another one: refused too
    const other = await sendAndReceive('141');
    const otherDelivery = (await get(biz, `/v1/documents/${other.sent.id}`, bizToken)).body
      .deliveries.CIV.messageId as string;
    const misbound = seal(
      {
        type: DOCUMENT_STATUS_TYPE,
        recipient: { member: 'BIZ', subsystem: 'registry' },
        payload: {
          documentId: sent.documentId,
          statusCode: '02',
          description: 'EDXML_MALFORMED: không đọc được',
          reasonCode: 'EDXML_MALFORMED',
          deliveryId: otherDelivery,
        },
      },
      bus.member('CIV').signer,
    );
    await publishDurable(jetstream(bus.nc), documentSubject(bus.namespace, 'BIZ', 'status'), {
      data: misbound.bytes,
      msgId: misbound.body.id,
      headers: misbound.headers,
    });
    await eventually(async () => {
      const quarantine = await get(biz, '/v1/documents/quarantine', bizToken);
      expect(
        quarantine.body.items.filter(
          (q: { deliveryId: string }) => q.deliveryId === misbound.body.id,
        ),
      ).toEqual([expect.objectContaining({ reasonCode: 'DOCUMENT_STATUS_UNBOUND' })]);
    });

    // both sides still agree, and the province's next status is applied on both
    const civView = await get(civ, `/v1/documents/${copy.id}`, civToken);
    expect(civView.body.statuses.CIV.map((s: { code: string }) => s.code)).toEqual(['01']);
    expect((await postStatus(civ, copy.id, civToken, { code: '03' })).status).toBe(200);
    expect(await senderTimeline(sent.id, 2)).toEqual(['01', '03']);
    expect(await senderTimeline(other.sent.id, 1)).toEqual(['01']);
  });

  it('takes one document per DocumentId: a resend is answered with the copy held, a new package with that id refused', async () => {
    const toCiv = bus.nc.subscribe(documentSubject(bus.namespace, 'CIV', 'edoc'), { max: 1 });
    const { sent, copy } = await sendAndReceive('150');
    let original: EnvelopeBody<{ package: string; attachments: unknown[] }> | undefined;
    for await (const message of toCiv) {
      original = JSON.parse(Buffer.from(message.data).toString('utf8')) as typeof original;
    }
    expect((await postStatus(civ, copy.id, civToken, { code: '03' })).status).toBe(200);
    expect(await senderTimeline(sent.id, 2)).toEqual(['01', '03']);
    const bizKey = bus.member('BIZ').signer;
    /** A delivery of `payload` to CIV sealed with BIZ's key outside BIZ's adapter; CIV's answer. */
    const deliverAsBiz = async (payload: object) => {
      const answers = bus.nc.subscribe(documentSubject(bus.namespace, 'BIZ', 'status'), {
        max: 1,
      });
      const sealed = seal(
        { type: EDOC_TYPE, recipient: { member: 'CIV', subsystem: 'registry' }, payload },
        bizKey,
      );
      await publishDurable(jetstream(bus.nc), documentSubject(bus.namespace, 'CIV', 'edoc'), {
        data: sealed.bytes,
        msgId: sealed.body.id,
        headers: sealed.headers,
      });
      for await (const message of answers) {
        const answer = JSON.parse(Buffer.from(message.data).toString('utf8')) as {
          id: string;
          payload: StatusPayload;
        };
        return { sealed, answer };
      }
      throw new Error('no answer from CIV');
    };
    const copiesOf = async (documentId: string) => {
      const list = await get(civ, '/v1/documents?direction=incoming&limit=100', civToken);
      return list.body.items.filter((d: { documentId: string }) => d.documentId === documentId);
    };

    // the same signed package in a new envelope: a resend, answered with the copy's state (03)
    const resend = await deliverAsBiz(original!.payload);
    expect(resend.answer.payload).toEqual({
      documentId: sent.documentId,
      statusCode: '03',
      description: expect.stringContaining(original!.id),
      deliveryId: resend.sealed.body.id,
      resendOf: original!.id,
    });
    expect(await copiesOf(sent.documentId)).toHaveLength(1);
    const civView = await get(civ, `/v1/documents/${copy.id}`, civToken);
    expect(civView.body.statuses.CIV.map((s: { code: string }) => s.code)).toEqual(['01', '03']);
    await eventually(async () => {
      const quarantine = await get(civ, '/v1/documents/quarantine', civToken);
      expect(
        quarantine.body.items.filter(
          (q: { deliveryId: string }) => q.deliveryId === resend.sealed.body.id,
        ),
      ).toEqual([expect.objectContaining({ reasonCode: 'DOCUMENT_RESENT', statusSent: true })]);
    });
    await eventually(async () =>
      expect(await civAuditOf(resend.sealed.body.id)).toEqual([
        expect.objectContaining({ outcome: { status: 'accepted' } }),
      ]),
    );
    // the resend delivered again (past the duplicate window): no second answer, no second row
    const heard: string[] = [];
    const more = bus.nc.subscribe(documentSubject(bus.namespace, 'BIZ', 'status'));
    const listening = (async () => {
      for await (const message of more) {
        heard.push((JSON.parse(Buffer.from(message.data).toString('utf8')) as { id: string }).id);
      }
    })();
    const { 'Nats-Msg-Id': _id, ...headers } = resend.sealed.headers;
    await jetstream(bus.nc).publish(
      documentSubject(bus.namespace, 'CIV', 'edoc'),
      resend.sealed.bytes,
      { headers: toNatsHeaders(headers) },
    );
    const jsm = await jetstream(bus.nc).jetstreamManager();
    await eventually(async () => {
      const inbox = documentInboxName('CIV', 'registry');
      const info = await jsm.consumers.info(streamName(bus.namespace, 'DOCS'), inbox);
      expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    more.unsubscribe();
    await listening;
    expect(heard).toEqual([]);
    const rows = await get(civ, '/v1/documents/quarantine', civToken);
    expect(
      rows.body.items.filter((q: { deliveryId: string }) => q.deliveryId === resend.sealed.body.id),
    ).toHaveLength(1);

    // BIZ's adapter never made that delivery: the answer binds to nothing there and changes nothing
    await eventually(async () => {
      const quarantine = await get(biz, '/v1/documents/quarantine', bizToken);
      expect(
        quarantine.body.items.filter(
          (q: { deliveryId: string }) => q.deliveryId === resend.answer.id,
        ),
      ).toEqual([
        expect.objectContaining({ reasonCode: 'DOCUMENT_STATUS_UNBOUND', statusSent: false }),
      ]);
    });
    expect(await senderTimeline(sent.id, 2)).toEqual(['01', '03']);

    // another package signed with the same DocumentId: refused with its own code, no second copy
    const other = signEdxml(
      buildEdxml({
        header: {
          ...header('150', 'V/v nội dung khác, cùng số và ký hiệu'),
          from: { organId: ORGAN.BIZ, organName: 'Bộ Kế hoạch và Đầu tư' },
          to: [{ organId: ORGAN.CIV, organName: 'Hộ tịch' }],
        },
        trace: [{ organId: ORGAN.BIZ, timestamp: new Date() }],
        attachments: [],
      }),
      bizKey,
    );
    const reused = await deliverAsBiz({
      documentId: sent.documentId,
      businessType: 'new',
      package: Buffer.from(other, 'utf8').toString('base64'),
      attachments: [],
    });
    expect(reused.answer.payload).toMatchObject({
      documentId: sent.documentId,
      statusCode: '02',
      reasonCode: 'DOCUMENT_ID_REUSED',
      deliveryId: reused.sealed.body.id,
    });
    expect(await copiesOf(sent.documentId)).toHaveLength(1);

    // a replacement may carry the same DocumentId: it has its own flow
    const replacement = signEdxml(
      buildEdxml({
        header: {
          ...header('150', 'V/v thay thế, cùng số và ký hiệu'),
          from: { organId: ORGAN.BIZ, organName: 'Bộ Kế hoạch và Đầu tư' },
          to: [{ organId: ORGAN.CIV, organName: 'Hộ tịch' }],
        },
        trace: [{ organId: ORGAN.BIZ, timestamp: new Date() }],
        business: {
          docType: 'replace',
          documentId: sent.documentId,
          reason: 'Sai sót số liệu',
          paper: false,
          replacements: [{ documentId: sent.documentId, organIds: [ORGAN.CIV] }],
        },
        attachments: [],
      }),
      bizKey,
    );
    const replaced = await deliverAsBiz({
      documentId: sent.documentId,
      businessType: 'replace',
      package: Buffer.from(replacement, 'utf8').toString('base64'),
      attachments: [],
    });
    expect(replaced.answer.payload).toMatchObject({ statusCode: '01' });
    expect(
      (await copiesOf(sent.documentId)).map((d: { businessType: string }) => d.businessType).sort(),
    ).toEqual(['new', 'replace']);

    // and BIZ's own API refuses a second new document with that number before anything is sent
    const again = await send(
      { recipients: ['CIV'], header: header('150') },
      { main: randomBytes(64) },
    );
    expect([again.status, again.body.code]).toEqual([409, 'DOCUMENT_ID_REUSED']);
  });

  it('refuses an oversized upload before the body is read, and an upload without metadata', async () => {
    const tooBig = await send(
      { recipients: ['CIV'], header: header('108') },
      {
        main: randomBytes(MAX_FILE_BYTES + 1024),
      },
    ).catch((error: { response?: request.Response }) => error.response);
    expect([tooBig?.status, tooBig?.body.code]).toEqual([413, 'DOCUMENT_UPLOAD_TOO_LARGE']);
    const noMetadata = await request(biz.getHttpServer())
      .post('/v1/documents')
      .set('Authorization', `Bearer ${bizToken}`)
      .attach('main', randomBytes(10), 'x.pdf');
    expect([noMetadata.status, noMetadata.body.code]).toEqual([400, 'DOCUMENT_METADATA_INVALID']);
    const unknown = await send(
      { recipients: ['POP'], header: header('109') },
      { main: randomBytes(10) },
    );
    expect([unknown.status, unknown.body.code]).toEqual([400, 'DOCUMENT_RECIPIENT_UNKNOWN']);
    const outgoing = await get(biz, '/v1/documents?direction=outgoing&limit=100', bizToken);
    const numbers = outgoing.body.items.map((d: { documentId: string }) => d.documentId);
    expect(numbers.some((n: string) => n.includes(',108/') || n.includes(',109/'))).toBe(false);
  });
  /** The audit records CIV wrote about one message, as stored on LT_AUDIT. */
  async function civAuditOf(messageId: string): Promise<AuditRecord[]> {
    const records = await publishedAuditRecords(bus.nc, bus.namespace, 'CIV');
    return records.filter((r) => r.messageId === messageId);
  }

  /**
   * A status INS signs about `documentId` and sends to CIV itself (INS runs no adapter here):
   * status:2, signed by its envelope, or with `v1` the status:1 that carries an XMLDSig packet.
   */
  async function statusFromIns(
    documentId: string,
    extra: Partial<StatusPayload> = {},
    v1 = false,
  ): Promise<{ id: string; bytes: Buffer }> {
    const ins = bus.member('INS').signer;
    const statusCode = extra.statusCode ?? '03';
    const description =
      statusCode === '02' ? { description: 'DOCUMENT_STATUS_UNBOUND: không rõ' } : {};
    const payload: StatusPayload | StatusPayloadV1 = v1
      ? {
          documentId,
          statusCode,
          package: Buffer.from(
            signEdxml(
              buildStatus({
                responseFor: {
                  organId: ORGAN.CIV,
                  code: '9/UBND-HT',
                  promulgationDate: today,
                  documentId,
                },
                from: { organId: ORGAN.INS, organName: 'Bảo hiểm xã hội' },
                statusCode,
                ...description,
                timestamp: new Date(),
              }),
              ins,
            ),
            'utf8',
          ).toString('base64'),
          ...extra,
        }
      : { documentId, statusCode, ...description, ...extra };
    const sealed = seal(
      {
        type: v1 ? DOCUMENT_STATUS_V1_TYPE : DOCUMENT_STATUS_TYPE,
        recipient: { member: 'CIV', subsystem: 'registry' },
        payload,
      },
      ins,
    );
    await publishDurable(jetstream(bus.nc), documentSubject(bus.namespace, 'CIV', 'status'), {
      data: sealed.bytes,
      msgId: sealed.body.id,
      headers: sealed.headers,
    });
    return { id: sealed.body.id, bytes: sealed.bytes };
  }

  it('sends nothing to a suspended member: the send is refused whole, and works again once reinstated', async () => {
    const members = () =>
      bus
        .configuration()
        .members.map((m) =>
          m.code in ORGAN ? { ...m, organId: ORGAN[m.code as keyof typeof ORGAN] } : m,
        );
    await bus.publishConfiguration({
      members: members().map((m) =>
        m.code === 'INS' ? { ...m, suspension: { since: new Date().toISOString() } } : m,
      ),
    });
    const refused = await eventually(
      async () => {
        const response = await send(
          { recipients: ['CIV', 'INS'], header: header('120') },
          { main: randomBytes(10) },
        );
        expect(response.status).toBe(403);
        return response;
      },
      { timeoutMs: 10_000 },
    );
    expect(refused.body.code).toBe('ENVELOPE_RECIPIENT_SUSPENDED');
    const outgoing = await get(biz, '/v1/documents?direction=outgoing&limit=100', bizToken);
    expect(
      outgoing.body.items.some((d: { documentId: string }) => d.documentId.includes(',120/')),
    ).toBe(false);
    await bus.publishConfiguration({ members: members() });
    await eventually(
      async () => {
        const sent = await send(
          { recipients: ['CIV', 'INS'], header: header('121') },
          { main: randomBytes(10) },
        );
        expect(sent.status).toBe(201);
      },
      { timeoutMs: 10_000 },
    );
  });

  it('answers a status for a document it does not hold with a signed 02, audits it once and quarantines it', async () => {
    const answers = bus.nc.subscribe(documentSubject(bus.namespace, 'INS', 'status'));
    const unknown = `${ORGAN.CIV},${today.replaceAll('-', '/')},9/UBND-HT`;
    const status = await statusFromIns(unknown);
    let answer:
      | { sender: { member: string }; recipient: { member: string }; payload: StatusPayload }
      | undefined;
    for await (const message of answers) {
      answer = JSON.parse(Buffer.from(message.data).toString('utf8')) as typeof answer;
      break;
    }
    expect(answer).toMatchObject({
      sender: { member: 'CIV' },
      recipient: { member: 'INS' },
      payload: {
        documentId: unknown,
        statusCode: '02',
        reasonCode: 'DOCUMENT_STATUS_UNBOUND',
        deliveryId: status.id,
      },
    });
    expect(answer?.payload.description).toContain('DOCUMENT_STATUS_UNBOUND');
    await eventually(async () => {
      const quarantine = await get(civ, '/v1/documents/quarantine', civToken);
      expect(
        quarantine.body.items.filter((q: { deliveryId: string }) => q.deliveryId === status.id),
      ).toEqual([
        expect.objectContaining({
          reasonCode: 'DOCUMENT_STATUS_UNBOUND',
          envelopeVerified: true,
          statusSent: true,
          documentId: unknown,
          rawBytes: status.bytes.length,
        }),
      ]);
    });
    await eventually(async () =>
      expect(await civAuditOf(status.id)).toEqual([
        expect.objectContaining({
          outcome: { status: 'refused', code: 'DOCUMENT_STATUS_UNBOUND' },
        }),
      ]),
    );

    // an automatic refusal (it carries a reason code) is quarantined and audited, never answered
    const more = bus.nc.subscribe(documentSubject(bus.namespace, 'INS', 'status'));
    const extra: unknown[] = [];
    const heard = (async () => {
      for await (const message of more) {
        extra.push(JSON.parse(Buffer.from(message.data).toString('utf8')));
      }
    })();
    // sent as a status:1 (XMLDSig packet), which is still accepted
    const refusal = await statusFromIns(
      unknown,
      { statusCode: '02', reasonCode: 'DOCUMENT_STATUS_UNBOUND', deliveryId: status.id },
      true,
    );
    await eventually(async () => {
      const quarantine = await get(civ, '/v1/documents/quarantine', civToken);
      expect(
        quarantine.body.items.filter((q: { deliveryId: string }) => q.deliveryId === refusal.id),
      ).toEqual([expect.objectContaining({ statusSent: false, envelopeVerified: true })]);
    });
    await eventually(async () =>
      expect(await civAuditOf(refusal.id)).toEqual([
        expect.objectContaining({ outcome: expect.objectContaining({ status: 'refused' }) }),
      ]),
    );
    // an answer would have been queued with the quarantine row and published within a poll
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    more.unsubscribe();
    await heard;
    answers.unsubscribe();
    expect(extra).toEqual([]);
  });

  it('serves an attachment only inside a document of its own, and only with the bytes its manifest signed', async () => {
    const main = randomBytes(4096);
    const { copy } = await sendAndReceiveWith('110', main);
    const path = `/v1/documents/${copy.id}/attachments/${sha256(main)}`;
    expect((await download(civ, path, civToken)).status).toBe(200);

    // another agency's officer cannot use CIV's API at all
    const foreign = await get(civ, path, bizToken);
    expect([foreign.status, foreign.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID']);

    // a file of a document sent to another agency (in the store of that pair) is not served here
    const other = randomBytes(4096);
    const toIns = await send({ recipients: ['INS'], header: header('111') }, { main: other });
    expect(toIns.status).toBe(201);
    expect(await stores.of('BIZ', 'INS').info(sha256(other))).toMatchObject({ size: other.length });
    expect(await stores.of('BIZ', 'CIV').info(sha256(other))).toBeNull();
    const unlisted = await get(
      civ,
      `/v1/documents/${copy.id}/attachments/${sha256(other)}`,
      civToken,
    );
    expect([unlisted.status, unlisted.body.code]).toEqual([404, 'DOCUMENT_NOT_FOUND']);
    const notOurs = await get(
      civ,
      `/v1/documents/${toIns.body.id}/attachments/${sha256(other)}`,
      civToken,
    );
    expect([notOurs.status, notOurs.body.code]).toEqual([404, 'DOCUMENT_NOT_FOUND']);

    // the object under the listed digest is replaced (its sender, the one writer of the pair's
    // store, could): refused
    await stores.of('BIZ', 'CIV').putBlob({ name: sha256(main) }, randomBytes(4096));
    const replaced = await get(civ, path, civToken);
    expect([replaced.status, replaced.body.code]).toEqual([
      422,
      'EDXML_ATTACHMENT_DIGEST_MISMATCH',
    ]);
  });
});
