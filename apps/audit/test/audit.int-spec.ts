// real: nats-server (JetStream, KV), PostgreSQL, libs/pki CA, the audit app on the adapter kit.
// mock: nothing; agencies are played by signers that publish exactly as the kit's AuditTrail does.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_BATCH_TYPE, AUDIT_LOG_PARTY, AUDIT_RECORD_TYPE } from '@lienthong/adapter-kit';
import { seal } from '@lienthong/envelope';
import {
  LT_DLQ_REASON,
  LT_DLQ_RECORD,
  LT_DLQ_SEQ,
  LT_TYPE,
  auditSubject,
  dlqSubject,
  fromNatsHeaders,
  publishDurable,
  streamName,
} from '@lienthong/messaging';
import { type Signer, signerKeysFromCa } from '@lienthong/pki';
import { eventually } from '@lienthong/testing';
import {
  type AuditRecord,
  type EvidenceBundle,
  subjectRef,
  verifyCheckpoint,
  verifyEvidence,
  verifyLog,
} from '@lienthong/audit-log';
import { AUDIT_CONSUMER, CHECKPOINT_TYPE } from '../src/audit.constants';
import { type AuditBus, startAuditBus } from './audit-bus.fixture';

const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };
const BIZ = { member: 'BIZ', subsystem: 'registry' };
const ALICE = '001085012345';
const BOB = '079301000001';

let bus: AuditBus;
let auditor: string;

const digest = () => `sha-256:${randomBytes(32).toString('base64url')}`;

function record(over: Partial<AuditRecord> = {}): AuditRecord {
  const messageId = uuidv7();
  return {
    recordId: uuidv7(),
    messageId,
    type: 'urn:lienthong:population:citizen-by-id-request:1',
    sender: CIV,
    recipient: POP,
    purpose: { procedure: 'KS-LT', legalBasis: 'Nghị định 63/2024/NĐ-CP', caseId: 'HS-1' },
    officer: 'cb-tuphap-01',
    outcome: { status: 'accepted' },
    payloadDigest: digest(),
    signatureDigest: digest(),
    correlationId: messageId,
    fields: ['fullName', 'personalId'],
    time: new Date().toISOString(),
    ...over,
  };
}

/** Seals records into one batch and publishes it as AuditTrail does (Nats-Msg-Id = envelope id). */
async function publishBatch(signer: Signer, records: AuditRecord[], envelopeId = uuidv7()) {
  const sealed = seal(
    { type: AUDIT_BATCH_TYPE, id: envelopeId, recipient: AUDIT_LOG_PARTY, payload: { records } },
    signer,
  );
  return publishDurable(bus.js, auditSubject(bus.ns, signer.identity.member), {
    data: sealed.bytes,
    msgId: envelopeId,
    headers: sealed.headers,
  });
}

/** A batch of one record; by default its envelope id is the record id, to publish it again. */
function publish(signer: Signer, rec: AuditRecord, envelopeId = rec.recordId) {
  return publishBatch(signer, [rec], envelopeId);
}

const get = (path: string, token: string = auditor) =>
  request(bus.app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

/** Waits until the audit consumer has settled everything on the stream (acked or dead-lettered). */
async function drained(): Promise<void> {
  await eventually(async () => {
    const info = await bus.jsm.consumers.info(streamName(bus.ns, 'AUDIT'), AUDIT_CONSUMER);
    expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
  });
}

/** The dead letter of the audit message at stream sequence `seq`, with this code. */
async function deadLetterOf(seq: number, code: string) {
  return eventually(async () => {
    const message = await bus.jsm.streams.getMessage(streamName(bus.ns, 'DLQ'), {
      last_by_subj: dlqSubject(bus.ns, 'AUDIT', code),
    });
    expect(message?.header.get(LT_DLQ_SEQ)).toBe(String(seq));
    return message as NonNullable<typeof message>;
  });
}

/** The log's own entries of refusals of the audit message `messageId`. */
async function refusalsOf(messageId: string): Promise<AuditRecord[]> {
  const response = await get(
    `/v1/records?recipient=AUDIT&type=${encodeURIComponent(AUDIT_BATCH_TYPE)}&limit=200`,
  ).expect(200);
  return (response.body as { records: { record: AuditRecord }[] }).records
    .map((r) => r.record)
    .filter((r) => r.messageId === messageId);
}

async function logged(messageId: string): Promise<number> {
  const response = await get(`/v1/lineage/${messageId}`);
  return response.status === 200 ? (response.body as { records: number }).records : 0;
}

beforeAll(async () => {
  bus = await startAuditBus();
  auditor = await bus.staffToken('auditor');
});

afterAll(async () => {
  await bus?.close();
});

describe('audit service ingestion', () => {
  it('appends a record once although it is published twice', async () => {
    const rec = record();
    const first = await publish(bus.signers.pop, rec);
    const again = await publish(bus.signers.pop, rec);
    // A re-sealed copy passes JetStream dedup (new envelope id): the log must still skip it.
    await publish(bus.signers.pop, rec, uuidv7());
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    await drained();
    expect(await logged(rec.messageId)).toBe(1);
  });

  it('dead-letters a record about traffic the signer was no party to', async () => {
    const rec = record({ sender: BIZ, recipient: CIV });
    await publish(bus.signers.pop, rec);
    const subject = dlqSubject(bus.ns, 'AUDIT', 'AUDIT_RECORDER_NOT_PARTY');
    const dead = await eventually(async () => {
      const message = await bus.jsm.streams.getMessage(streamName(bus.ns, 'DLQ'), {
        last_by_subj: subject,
      });
      expect(message).not.toBeNull();
      return message as NonNullable<typeof message>;
    });
    expect(JSON.parse(Buffer.from(dead.data).toString('utf8')).payload.records[0].recordId).toBe(
      rec.recordId,
    );
    await drained();
    expect(await logged(rec.messageId)).toBe(0);
  });

  it('appends every record of a batch as an entry of its own', async () => {
    const records = [
      record(),
      record(),
      record({ outcome: { status: 'refused', code: 'ACCESS_DENIED' } }),
    ];
    await publishBatch(bus.signers.civ, records);
    await drained();
    for (const rec of records) {
      expect(await logged(rec.messageId)).toBe(1);
    }
  });

  it('refuses only the record that is not the signer’s to make, and keeps the rest', async () => {
    const own = record();
    const foreign = record({ sender: BIZ, recipient: CIV });
    const after = record();
    const batchId = uuidv7();
    const { seq } = await publishBatch(bus.signers.pop, [own, foreign, after], batchId);
    const dead = await deadLetterOf(seq, 'AUDIT_RECORDER_NOT_PARTY');
    expect(dead.header.get(LT_DLQ_RECORD)).toBe('1');
    expect(dead.header.get(LT_DLQ_REASON)).toContain(foreign.recordId);
    await drained();
    expect([
      await logged(own.messageId),
      await logged(foreign.messageId),
      await logged(after.messageId),
    ]).toEqual([1, 0, 1]);
    // and one entry of the refusal, written by the log itself about the batch
    expect(await refusalsOf(batchId)).toEqual([
      expect.objectContaining({
        sender: POP,
        recipient: AUDIT_LOG_PARTY,
        recorder: AUDIT_LOG_PARTY,
        type: AUDIT_BATCH_TYPE,
        outcome: { status: 'refused', code: 'AUDIT_RECORDER_NOT_PARTY' },
      }),
    ]);
  });

  it('refuses a malformed record alone, with its own code', async () => {
    const good = record();
    const { recordId: _id, ...noId } = record();
    const batchId = uuidv7();
    const { seq } = await publishBatch(
      bus.signers.civ,
      [noId as unknown as AuditRecord, good],
      batchId,
    );
    const dead = await deadLetterOf(seq, 'PAYLOAD_SCHEMA_INVALID');
    expect(dead.header.get(LT_DLQ_RECORD)).toBe('0');
    await drained();
    expect(await logged(good.messageId)).toBe(1);
    expect((await refusalsOf(batchId)).map((r) => r.outcome)).toEqual([
      { status: 'refused', code: 'PAYLOAD_SCHEMA_INVALID' },
    ]);
  });

  it('accepts the records of an event from each subscriber holding the event right', async () => {
    const birth = uuidv7();
    const event = {
      messageId: birth,
      type: 'urn:lienthong:events:birth-registered:1',
      sender: CIV,
      recipient: CIV,
      purpose: undefined,
      officer: undefined,
      fields: undefined,
      correlationId: birth,
    };
    const applied = record({ ...event, recorder: POP });
    // the publisher's own record of it is its own too
    const own = record({ ...event, recorder: CIV });
    await publish(bus.signers.pop, applied);
    await publish(bus.signers.civ, own);
    await drained();
    const lineage = await get(`/v1/lineage/${birth}`).expect(200);
    const [node] = (lineage.body as { roots: { records: { recorder?: unknown }[] }[] }).roots;
    expect(node.records.map((r) => r.recorder)).toEqual(expect.arrayContaining([POP, CIV]));
  });

  it('refuses an event record from an agency without the event right, or naming another recorder', async () => {
    const event = {
      type: 'urn:lienthong:events:citizen-created:1',
      sender: BIZ,
      recipient: BIZ,
      purpose: undefined,
      officer: undefined,
      fields: undefined,
    };
    const noRight = record({ ...event, recorder: POP });
    const { seq } = await publish(bus.signers.pop, noRight);
    await deadLetterOf(seq, 'AUDIT_RECORDER_NOT_PARTY');
    const impostor = record({
      type: 'urn:lienthong:events:birth-registered:1',
      sender: CIV,
      recipient: CIV,
      recorder: POP,
    });
    const second = await publish(bus.signers.civ, impostor);
    await deadLetterOf(second.seq, 'AUDIT_RECORDER_MISMATCH');
    await drained();
    expect([await logged(noRight.messageId), await logged(impostor.messageId)]).toEqual([0, 0]);
  });

  it('accepts a provider’s refusal of a request addressed to another, recorded as ids only', async () => {
    const misaddressed = {
      sender: CIV,
      recipient: BIZ,
      recorder: POP,
      purpose: undefined,
      officer: undefined,
      fields: undefined,
      outcome: { status: 'refused', code: 'ENVELOPE_RECIPIENT_MISMATCH' } as const,
    };
    const refusal = record(misaddressed);
    await publish(bus.signers.pop, refusal);
    // the claims of a message that failed its checks are not the refuser's to record
    const withClaims = record({
      ...misaddressed,
      subjectRef: subjectRef(bus.subjectKey, 'personal-id', BOB),
    });
    const { seq } = await publish(bus.signers.pop, withClaims);
    await deadLetterOf(seq, 'AUDIT_RECORDER_NOT_PARTY');
    await drained();
    expect([await logged(refusal.messageId), await logged(withClaims.messageId)]).toEqual([1, 0]);
  });

  it('appends an envelope of one record, as adapters published them before batches', async () => {
    const rec = record();
    const sealed = seal(
      { type: AUDIT_RECORD_TYPE, id: rec.recordId, recipient: AUDIT_LOG_PARTY, payload: rec },
      bus.signers.civ,
    );
    await publishDurable(bus.js, auditSubject(bus.ns, 'CIV'), {
      data: sealed.bytes,
      msgId: rec.recordId,
      headers: sealed.headers,
    });
    await drained();
    expect(await logged(rec.messageId)).toBe(1);
  });

  it('records the provider and the consumer side as one lineage tree', async () => {
    const requestRec = record();
    const reply = record({
      messageId: uuidv7(),
      type: 'urn:lienthong:population:citizen-by-id-response:1',
      sender: POP,
      recipient: CIV,
      causationId: requestRec.messageId,
      correlationId: requestRec.messageId,
    });
    await publish(bus.signers.pop, requestRec);
    await publish(bus.signers.civ, reply);
    const response = await eventually(async () => {
      const r = await get(`/v1/lineage/by-correlation/${requestRec.messageId}`);
      expect((r.body as { records?: number }).records).toBe(2);
      return r;
    });
    const [root] = (response.body as { roots: { messageId: string; children: unknown[] }[] }).roots;
    expect(root.messageId).toBe(requestRec.messageId);
    expect(root.children).toEqual([expect.objectContaining({ messageId: reply.messageId })]);
  });
});

describe('data subject access view', () => {
  const ofAlice = () => subjectRef(bus.subjectKey, 'personal-id', ALICE);

  it('logs two look-ups about Alice', async () => {
    const accepted = record({ subjectRef: ofAlice() });
    const refused = record({
      subjectRef: ofAlice(),
      outcome: { status: 'refused', code: 'ACCESS_DENIED' },
    });
    await publish(bus.signers.pop, accepted);
    await publish(bus.signers.pop, refused);
    await eventually(async () => expect(await logged(refused.messageId)).toBe(1));
  });

  it("lists the accesses to Alice's data, refusals included, for an auditor and for Alice", async () => {
    for (const token of [auditor, await bus.citizenToken(ALICE)]) {
      const response = await get(`/v1/subjects/${ALICE}/accesses`, token).expect(200);
      const accesses = (
        response.body as { accesses: { outcome: string; agency: unknown; officer: string }[] }
      ).accesses;
      expect(accesses.map((a) => a.outcome).sort()).toEqual(['accepted', 'refused']);
      expect(accesses[0]).toMatchObject({ agency: CIV, officer: 'cb-tuphap-01' });
    }
    const none = await get(`/v1/subjects/${BOB}/accesses`).expect(200);
    expect((none.body as { accesses: unknown[] }).accesses).toEqual([]);
  });

  it("refuses Bob's portal token for Alice's accesses", async () => {
    const response = await get(`/v1/subjects/${ALICE}/accesses`, await bus.citizenToken(BOB));
    expect(response.status).toBe(403);
    expect((response.body as { code: string }).code).toBe('AUDIT_SUBJECT_FORBIDDEN');
  });

  it('refuses a citizen token on the auditor search and a request without a token', async () => {
    const citizen = await get('/v1/records', await bus.citizenToken(ALICE));
    expect([citizen.status, (citizen.body as { code: string }).code]).toEqual([
      403,
      'AUTH_ROLE_FORBIDDEN',
    ]);
    await request(bus.app.getHttpServer()).get(`/v1/subjects/${ALICE}/accesses`).expect(401);
  });
});

describe('evidence, checkpoints and export', () => {
  it('serves an evidence bundle that verifies offline and fails when one byte changes', async () => {
    const rec = record();
    await publish(bus.signers.pop, rec);
    await eventually(async () => expect(await logged(rec.messageId)).toBe(1));
    const response = await get(`/v1/evidence/${rec.messageId}`).expect(200);
    const [bundle] = (response.body as { bundles: EvidenceBundle[] }).bundles;
    expect(verifyEvidence(bundle, { caPem: bus.caPem }).entry.record.recordId).toBe(rec.recordId);
    const tampered = { ...bundle, entry: bundle.entry.replace('cb-tuphap-01', 'cb-tuphap-02') };
    expect(() => verifyEvidence(tampered, { caPem: bus.caPem })).toThrow(
      expect.objectContaining({ code: 'AUDIT_RECORD_TAMPERED' }),
    );
  });

  it('publishes signed checkpoints on the bus for witnesses', async () => {
    const operator = await bus.staffToken('operator');
    await request(bus.app.getHttpServer())
      .post('/v1/checkpoints')
      .set('Authorization', `Bearer ${operator}`)
      .expect(201);
    const stored = await eventually(async () => {
      const message = await bus.jsm.streams.getMessage(streamName(bus.ns, 'AUDIT'), {
        last_by_subj: auditSubject(bus.ns, 'AUDIT'),
      });
      expect(message).not.toBeNull();
      return message as NonNullable<typeof message>;
    });
    expect(fromNatsHeaders(stored.header)[LT_TYPE]).toBe(CHECKPOINT_TYPE);
    const { payload } = JSON.parse(Buffer.from(stored.data).toString('utf8')) as {
      payload: unknown;
    };
    const keys = signerKeysFromCa(bus.caPem, [
      bus.signers.audit.certificate.pem,
      ...bus.signers.audit.chainPems,
    ]);
    expect(verifyCheckpoint(payload, keys).origin).toBe('lienthong.test/audit/log');
  });

  it('exports the log in the shape verifyLog takes', async () => {
    const response = await get('/v1/log/export').expect(200);
    const exported = response.body as {
      entries: string[];
      checkpoints: unknown[];
      certificates: string[];
    };
    const report = verifyLog(exported.entries, exported.checkpoints, {
      caPem: bus.caPem,
      certificates: exported.certificates,
    });
    expect(report.checkpoints).toBeGreaterThan(0);
    expect(report.records).toBe(exported.entries.length);
    const latest = await request(bus.app.getHttpServer()).get('/v1/checkpoints/latest').expect(200);
    expect(latest.body).toHaveProperty('body');
  });
});
