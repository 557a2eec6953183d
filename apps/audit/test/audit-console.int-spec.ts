// real: nats-server (JetStream, KV), PostgreSQL, libs/pki CA, the audit app on the adapter kit.
// mock: nothing; agencies are played by signers that publish exactly as the kit's AuditTrail does,
// auditors, operators, leaders and citizens by tokens of the issuers the app trusts.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_LOG_PARTY, AUDIT_RECORD_TYPE } from '@lienthong/adapter-kit';
import { AUDIT_QUERY_TYPE, type AuditRecord, subjectRef } from '@lienthong/audit-log';
import { seal } from '@lienthong/envelope';
import {
  LT_DLQ_REASON,
  auditSubject,
  dlqSubject,
  publishDurable,
  streamName,
} from '@lienthong/messaging';
import { eventually } from '@lienthong/testing';
import { AUDIT_CONSUMER } from '../src/audit.constants';
import type { LogHealth } from '../src/checkpoints/log-health';
import type { LoggedRecord } from '../src/queries/audit-record.queries';
import type { LineageGraphView } from '../src/queries/lineage-graph.controller';
import type { AuditLogView } from '../src/queries/subject-accesses.controller';
import type { MessageDashboard } from '../src/statistics/message-figures';
import { type AuditBus, startAuditBus } from './audit-bus.fixture';

const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };
const ALICE = '001085012345';
const BOB = '079301000001';
const REQUEST = 'urn:lienthong:population:citizen-by-id-request:1';
const RESPONSE = 'urn:lienthong:population:citizen-by-id-response:1';

let bus: AuditBus;
let auditor: string;

const marker = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
const ref = (personalId: string) => subjectRef(bus.subjectKey, 'personal-id', personalId);
const digest = () => `sha-256:${randomBytes(32).toString('base64url')}`;

function record(over: Partial<AuditRecord> = {}): AuditRecord {
  const messageId = uuidv7();
  return {
    recordId: uuidv7(),
    messageId,
    type: REQUEST,
    sender: CIV,
    recipient: POP,
    recorder: POP,
    purpose: { procedure: 'KS-LT', legalBasis: 'Nghị định 63/2024/NĐ-CP', caseId: 'HS-1' },
    officer: 'cb-tuphap-01',
    outcome: { status: 'accepted' },
    payloadDigest: digest(),
    correlationId: messageId,
    time: new Date().toISOString(),
    ...over,
  };
}

/** Publishes each record as its recorder (POP or CIV) and waits until the log has taken them. */
async function logRecords(records: AuditRecord[]): Promise<void> {
  for (const rec of records) {
    const recorder = rec.recorder?.member === 'CIV' ? bus.signers.civ : bus.signers.pop;
    const sealed = seal(
      { type: AUDIT_RECORD_TYPE, id: rec.recordId, recipient: AUDIT_LOG_PARTY, payload: rec },
      recorder,
    );
    await publishDurable(bus.js, auditSubject(bus.ns, recorder.identity.member), {
      data: sealed.bytes,
      msgId: rec.recordId,
      headers: sealed.headers,
    });
  }
  await eventually(async () => {
    const info = await bus.jsm.consumers.info(streamName(bus.ns, 'AUDIT'), AUDIT_CONSUMER);
    expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
  });
}

const http = () => request(bus.app.getHttpServer());
const get = (path: string, token?: string) => {
  const call = http().get(path);
  return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
};
const records = (body: unknown) => (body as { records: LoggedRecord[] }).records;

/** The query records of the audit API whose endpoint is this one, newest last. */
async function queriesOf(endpoint: string): Promise<AuditRecord[]> {
  const page = await get(
    `/v1/records?type=${encodeURIComponent(AUDIT_QUERY_TYPE)}&limit=200`,
    auditor,
  ).expect(200);
  return records(page.body)
    .map((l) => l.record)
    .filter((r) => r.query?.endpoint === endpoint);
}

beforeAll(async () => {
  bus = await startAuditBus();
  auditor = await bus.staffTokenFor('auditor-console', 'auditor');
});

afterAll(async () => {
  await bus?.close();
});

describe('the auditor searches by subject, agency, service and case, and pages through', () => {
  const caseId = marker('HS');
  let request1: AuditRecord;
  let reply: AuditRecord;

  beforeAll(async () => {
    request1 = record({
      subjectRef: ref(ALICE),
      purpose: { procedure: 'KS-LT', legalBasis: 'NĐ 63/2024', caseId },
    });
    reply = record({
      type: RESPONSE,
      sender: POP,
      recipient: CIV,
      recorder: CIV,
      purpose: { procedure: 'KS-LT', legalBasis: 'NĐ 63/2024', caseId },
      correlationId: request1.messageId,
      causationId: request1.messageId,
    });
    const other = record({
      subjectRef: ref(BOB),
      purpose: { procedure: 'KS-LT', legalBasis: 'NĐ 63/2024', caseId: marker('HS') },
    });
    await logRecords([request1, reply, other]);
  });

  it('finds a case by its id, an agency on either side and a service by both its types', async () => {
    const ids = async (query: string) =>
      records((await get(`/v1/records?case=${caseId}${query}`, auditor).expect(200)).body).map(
        (l) => l.record.recordId,
      );
    expect(await ids('')).toEqual([request1.recordId, reply.recordId]);
    expect(await ids('&agency=CIV')).toEqual([request1.recordId, reply.recordId]);
    expect(await ids('&service=citizen-by-id')).toEqual([request1.recordId, reply.recordId]);
    expect(await ids(`&subject=${ALICE}`)).toEqual([request1.recordId]);
    expect(await ids(`&subject=${BOB}`)).toEqual([]);
  });

  it('pages through records of an agency on either side with the cursor', async () => {
    const first = await get(`/v1/records?case=${caseId}&agency=POP&limit=1`, auditor).expect(200);
    expect(records(first.body).map((l) => l.record.recordId)).toEqual([request1.recordId]);
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    const second = await get(
      `/v1/records?case=${caseId}&agency=POP&limit=1&cursor=${cursor}`,
      auditor,
    ).expect(200);
    expect(records(second.body).map((l) => l.record.recordId)).toEqual([reply.recordId]);
  });

  it('refuses a service the catalog does not have, and an operator looking for a person', async () => {
    const unknown = await get('/v1/records?service=no-such-service', auditor).expect(400);
    expect(unknown.body).toMatchObject({ code: 'AUDIT_QUERY_INVALID' });
    const operator = await bus.staffTokenFor('operator-console', 'operator');
    const refused = await get(`/v1/records?subject=${ALICE}`, operator).expect(403);
    expect(refused.body).toMatchObject({ code: 'AUTH_ROLE_FORBIDDEN' });
    await get(`/v1/records?case=${caseId}`, operator).expect(200);
    const accesses = await get(`/v1/subjects/${ALICE}/accesses`, operator).expect(403);
    expect(accesses.body).toMatchObject({ code: 'AUTH_ROLE_FORBIDDEN' });
    // the auditor's search by subject named the person only by the keyed reference
    const searches = await queriesOf('GET /v1/records');
    const bySubject = searches.find((r) => r.query?.subjects?.includes(ref(ALICE)));
    expect(bySubject?.query?.filters).toMatchObject({ case: caseId });
    expect(JSON.stringify(searches)).not.toContain(ALICE);
  });

  it('exports the selection as CSV, and tells each person whose entries an export held', async () => {
    const response = await get(`/v1/records/export.csv?case=${caseId}`, auditor).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.split('\r\n').filter((line) => line !== '');
    expect(lines[0]?.startsWith('\uFEFFseq,logged_at,time,record_id,message_id,type')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(',')[3])).toEqual([
      request1.recordId,
      reply.recordId,
    ]);
    const [exported] = (await queriesOf('GET /v1/records/export.csv')).slice(-1);
    expect(exported?.query).toMatchObject({ filters: { case: caseId }, returned: 2 });
    expect(Number(exported?.query?.filters['before'])).toBeGreaterThan(0);
    // an export that selected no record of Alice's
    await get(`/v1/records/export.csv?case=${caseId}&outcome=refused`, auditor).expect(200);

    const views = async (personalId: string) =>
      (
        (await get(`/v1/subjects/${personalId}/accesses`, auditor).expect(200)).body as {
          auditViews: AuditLogView[];
        }
      ).auditViews.filter((v) => v.endpoint === 'GET /v1/records/export.csv');
    expect((await views(ALICE)).map((v) => v.queryId)).toEqual([exported?.messageId]);
    expect(await views(BOB)).toEqual([]);
  });
});

describe('lineage as a graph of agencies and hops', () => {
  const caseId = marker('HS');
  let request1: AuditRecord;
  let refusedRequest: AuditRecord;

  beforeAll(async () => {
    request1 = record({ purpose: { procedure: 'KS-LT', legalBasis: 'NĐ 63/2024', caseId } });
    const reply = record({
      type: RESPONSE,
      sender: POP,
      recipient: CIV,
      recorder: POP,
      correlationId: request1.messageId,
      causationId: request1.messageId,
      time: new Date(Date.now() + 1000).toISOString(),
    });
    refusedRequest = record({
      purpose: { procedure: 'KS-LT', legalBasis: 'NĐ 63/2024', caseId },
      outcome: { status: 'refused', code: 'PKI_SIGNATURE_INVALID' },
      time: new Date(Date.now() + 2000).toISOString(),
    });
    await logRecords([request1, reply, refusedRequest]);
  });

  it('draws every hop of a case in time order with signer, signature check and outcome', async () => {
    const response = await get(`/v1/lineage-graph?case=${caseId}`, auditor).expect(200);
    const graph = response.body as LineageGraphView;
    expect(graph.nodes.map((n) => n.id)).toEqual(['CIV/registry', 'POP/registry']);
    expect(
      graph.hops.map((h) => [h.kind, h.from, h.to, h.signer, h.signatureCheck, h.outcome]),
    ).toEqual([
      ['request', 'CIV/registry', 'POP/registry', 'CIV/registry', 'verified', 'accepted'],
      // only its sender recorded the reply: nobody confirmed it received and checked it
      ['reply', 'POP/registry', 'CIV/registry', 'POP/registry', 'unconfirmed', 'accepted'],
      [
        'request',
        'CIV/registry',
        'POP/registry',
        'CIV/registry',
        'failed',
        'PKI_SIGNATURE_INVALID',
      ],
    ]);
    expect(graph.hops[0]?.records[0]).toMatchObject({
      recordId: request1.recordId,
      recorder: 'POP/registry',
      recordedBy: 'receiver',
    });
  });

  it('draws the conversation of one message, and refuses an ambiguous or empty question', async () => {
    const byMessage = await get(`/v1/lineage-graph?messageId=${request1.messageId}`, auditor);
    expect((byMessage.body as LineageGraphView).hops.map((h) => h.kind)).toEqual([
      'request',
      'reply',
    ]);
    const both = await get(
      `/v1/lineage-graph?messageId=${request1.messageId}&case=${caseId}`,
      auditor,
    ).expect(400);
    expect(both.body).toMatchObject({ code: 'AUDIT_QUERY_INVALID' });
    await get(`/v1/lineage-graph?case=${marker('NONE')}`, auditor).expect(404);
    const leader = await bus.staffTokenFor('leader-console', 'leader');
    await get(`/v1/lineage-graph?case=${caseId}`, leader).expect(403);
  });
});

describe('the log health: checkpoint, witnesses and their alarms', () => {
  it('shows the latest checkpoint, every witness and a rollback a witness dead-lettered', async () => {
    await http().post('/v1/checkpoints').set('Authorization', `Bearer ${auditor}`).expect(201);
    await publishDurable(bus.js, dlqSubject(bus.ns, 'CIV', 'WITNESS_ROLLBACK'), {
      data: new TextEncoder().encode('{"payload":"a checkpoint smaller than one witnessed"}'),
      msgId: uuidv7(),
      headers: { [LT_DLQ_REASON]: 'checkpoint of size 3 after size 9' },
    });
    await publishDurable(bus.js, dlqSubject(bus.ns, 'POP', 'EVENT_HANDLER_FAILED'), {
      data: new TextEncoder().encode('{}'),
      msgId: uuidv7(),
    });
    const operator = await bus.staffTokenFor('operator-health', 'operator');
    const health = (await get('/v1/log/health', operator).expect(200)).body as LogHealth;
    expect(health.latestCheckpoint).toMatchObject({ size: expect.any(Number) });
    expect(health.latestCheckpoint?.size).toBeGreaterThan(0);
    expect(health.witnesses.map((w) => `${w.member}/${w.subsystem}`)).toEqual([
      'POP/registry',
      'CIV/registry',
    ]);
    expect(health.alarmsKnown).toBe(true);
    expect(health.alarms).toEqual([
      expect.objectContaining({
        member: 'CIV',
        code: 'WITNESS_ROLLBACK',
        reason: 'checkpoint of size 3 after size 9',
        count: 1,
      }),
    ]);
    const citizen = await bus.citizenToken(ALICE);
    await get('/v1/log/health', citizen).expect(403);
  });
});

describe("the leaders' figures of messages", () => {
  it('counts each message once, by its first record, per day: answered, refused by code', async () => {
    // a day of its own, long ago, so that no other test's records are counted with these
    const at = '2021-06-15T03:00:00.000Z';
    const refused = record({ time: at, outcome: { status: 'refused', code: 'ACCESS_DENIED' } });
    await logRecords([
      record({ time: at }),
      record({ time: at }),
      refused,
      // the consumer records the same refusal, of the same request: one refused look-up
      { ...refused, recordId: uuidv7(), recorder: CIV },
      record({ time: at, type: RESPONSE, sender: POP, recipient: CIV, recorder: CIV }),
    ]);
    const leader = await bus.staffTokenFor('leader-figures', 'leader');
    const figures = (
      await get('/v1/statistics/messages?from=2021-06-15&to=2021-06-15', leader).expect(200)
    ).body as MessageDashboard;
    expect(figures.totals).toEqual({
      total: 3,
      accepted: 2,
      refused: 1,
      acceptedShare: 2 / 3,
      refusals: { ACCESS_DENIED: 1 },
    });
    expect(figures.days).toEqual([expect.objectContaining({ day: '2021-06-15', total: 3 })]);
    expect(figures.pairs).toEqual([
      expect.objectContaining({ sender: 'CIV', recipient: 'POP', total: 3 }),
    ]);
    const csv = await get('/v1/statistics/messages.csv?from=2021-06-15&to=2021-06-15', leader);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFFday,sender,recipient,type,outcome,messages');

    // a leader reads figures, never the log; a citizen neither
    await get('/v1/records', leader).expect(403);
    await get(`/v1/subjects/${ALICE}/accesses`, leader).expect(403);
    await get('/v1/statistics/messages', await bus.citizenToken(ALICE)).expect(403);
    const invalid = await get('/v1/statistics/messages?kind=gossip', leader).expect(400);
    expect(invalid.body).toMatchObject({ code: 'AUDIT_QUERY_INVALID' });
  });
});
