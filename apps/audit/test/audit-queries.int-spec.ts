// real: nats-server (JetStream, KV), PostgreSQL, libs/pki CA, the audit app on the adapter kit.
// mock: nothing; agencies are played by signers that publish exactly as the kit's AuditTrail does,
// auditors and citizens by tokens of the issuers the app trusts (and one of a key it does not).
import { randomBytes } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_LOG_PARTY, AUDIT_RECORD_TYPE } from '@lienthong/adapter-kit';
import { seal } from '@lienthong/envelope';
import { auditSubject, publishDurable, streamName } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import { eventually } from '@lienthong/testing';
import {
  AUDIT_QUERY_TYPE,
  type AuditRecord,
  parseCanonicalEntry,
  subjectRef,
  verifyLog,
} from '@lienthong/audit-log';
import { AUDIT_CONSUMER } from '../src/audit.constants';
import type { LoggedRecord } from '../src/queries/audit-record.queries';
import type { AuditLogView } from '../src/queries/subject-accesses.controller';
import { type AuditBus, startAuditBus } from './audit-bus.fixture';

const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };
const ALICE = '001085012345';
const BOB = '079301000001';

let bus: AuditBus;
/** Reads the query records; its own queries are told apart by their filters. */
let reader: string;

const digest = () => `sha-256:${randomBytes(32).toString('base64url')}`;
const marker = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
const ref = (personalId: string) => subjectRef(bus.subjectKey, 'personal-id', personalId);

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
    correlationId: messageId,
    time: new Date().toISOString(),
    ...over,
  };
}

/** Publishes records as POP (the provider records the requests it received) and waits for them. */
async function logRecords(records: AuditRecord[]): Promise<void> {
  for (const rec of records) {
    const sealed = seal(
      { type: AUDIT_RECORD_TYPE, id: rec.recordId, recipient: AUDIT_LOG_PARTY, payload: rec },
      bus.signers.pop,
    );
    await publishDurable(bus.js, auditSubject(bus.ns, 'POP'), {
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

/** Every query record in the log, through the auditor API's type filter, page by page. */
async function queryRecords(): Promise<LoggedRecord[]> {
  const all: LoggedRecord[] = [];
  let cursor = '';
  for (;;) {
    const page = await get(
      `/v1/records?type=${encodeURIComponent(AUDIT_QUERY_TYPE)}&limit=200${cursor}`,
      reader,
    ).expect(200);
    const body = page.body as { records: LoggedRecord[]; nextCursor?: string };
    all.push(...body.records);
    if (body.nextCursor === undefined) {
      return all;
    }
    cursor = `&cursor=${body.nextCursor}`;
  }
}

/** The query records whose filters include these values. */
async function recordsOf(filters: Record<string, string>): Promise<AuditRecord[]> {
  return (await queryRecords())
    .map((logged) => logged.record)
    .filter((rec) =>
      Object.entries(filters).every(([name, value]) => rec.query?.filters[name] === value),
    );
}

function dataSource(): DataSource {
  return bus.app.get<DataSource>(DATA_SOURCE);
}

beforeAll(async () => {
  bus = await startAuditBus();
  reader = await bus.staffTokenFor('auditor-reader', 'auditor');
});

afterAll(async () => {
  await bus?.close();
});

describe('queries of the audit API are themselves audited', () => {
  const procedure = marker('KS');
  const searcher = 'auditor-search-1';

  it('appends exactly one record for a search: who, what, when, outcome and how many', async () => {
    await logRecords([
      record({ purpose: { procedure, legalBasis: 'Luật Căn cước 2023' }, subjectRef: ref(ALICE) }),
      record({ purpose: { procedure, legalBasis: 'Luật Căn cước 2023' }, subjectRef: ref(ALICE) }),
      record({ purpose: { procedure, legalBasis: 'Luật Căn cước 2023' } }),
      record(),
    ]);
    const token = await bus.staffTokenFor(searcher, 'auditor', { agency: 'TTCP' });
    const before = Date.now();
    const answer = await get(`/v1/records?procedure=${procedure}&limit=10`, token).expect(200);
    const after = Date.now();
    expect((answer.body as { records: unknown[] }).records).toHaveLength(3);

    const found = await recordsOf({ procedure });
    expect(found).toHaveLength(1);
    const [rec] = found;
    expect(rec).toMatchObject({
      type: AUDIT_QUERY_TYPE,
      sender: AUDIT_LOG_PARTY,
      officer: searcher,
      outcome: { status: 'accepted' },
      query: {
        endpoint: 'GET /v1/records',
        role: 'auditor',
        agency: 'TTCP',
        filters: { procedure, limit: '10' },
        returned: 3,
        subjects: [ref(ALICE)],
      },
    });
    expect(rec.recipient).toBeUndefined();
    expect(Date.parse(rec.time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(rec.time)).toBeLessThanOrEqual(after);
  });

  it('appends exactly one record for each refused query, with its code and no invalid value', async () => {
    const tag = marker('KS');
    const refuser = 'auditor-refused-1';
    const badFilter = await get(
      `/v1/records?procedure=${tag}-filter&limit=0`,
      await bus.staffTokenFor(refuser, 'auditor'),
    );
    const forged = await get(
      `/v1/records?procedure=${tag}-forged`,
      await bus.forgedToken('auditor'),
    );
    const citizen = await get(`/v1/records?procedure=${tag}-role`, await bus.citizenToken(ALICE));
    const anonymous = await get(`/v1/records?procedure=${tag}-none`);
    expect(
      [badFilter, forged, citizen, anonymous].map((r) => [
        r.status,
        (r.body as { code: string }).code,
      ]),
    ).toEqual([
      [400, 'AUDIT_QUERY_INVALID'],
      [401, 'AUTH_TOKEN_INVALID'],
      [403, 'AUTH_ROLE_FORBIDDEN'],
      [401, 'AUTH_TOKEN_MISSING'],
    ]);

    const of = async (suffix: string) => recordsOf({ procedure: `${tag}-${suffix}` });
    const [filter, forgery, role, none] = await Promise.all(
      ['filter', 'forged', 'role', 'none'].map(of),
    );
    expect([filter.length, forgery.length, role.length, none.length]).toEqual([1, 1, 1, 1]);
    expect(filter[0]).toMatchObject({
      officer: refuser,
      outcome: { status: 'refused', code: 'AUDIT_QUERY_INVALID' },
      query: { role: 'auditor', filters: { procedure: `${tag}-filter` }, returned: 0 },
    });
    // The invalid value is not echoed into the log.
    expect(filter[0].query?.filters).not.toHaveProperty('limit');
    expect(forgery[0]).toMatchObject({
      outcome: { status: 'refused', code: 'AUTH_TOKEN_INVALID' },
      query: { endpoint: 'GET /v1/records', returned: 0 },
    });
    expect([forgery[0].officer, forgery[0].query?.role]).toEqual([undefined, undefined]);
    expect(role[0]).toMatchObject({
      outcome: { status: 'refused', code: 'AUTH_ROLE_FORBIDDEN' },
      query: { role: 'citizen', actorRef: ref(ALICE), returned: 0 },
    });
    expect(role[0].officer).toBeUndefined();
    expect(none[0].outcome).toEqual({ status: 'refused', code: 'AUTH_TOKEN_MISSING' });
  });

  it('records a view of an access log with the person as a keyed reference only', async () => {
    const viewer = 'auditor-viewer-2';
    await get(`/v1/subjects/${ALICE}/accesses`, await bus.staffTokenFor(viewer, 'auditor')).expect(
      200,
    );
    await get(`/v1/subjects/${ALICE}/accesses`, await bus.citizenToken(BOB)).expect(403);
    const views = (await queryRecords())
      .map((logged) => logged.record)
      .filter((rec) => rec.query?.endpoint === 'GET /v1/subjects/{personalId}/accesses');
    expect(views.map((rec) => [rec.officer, rec.outcome, rec.query?.subjects])).toEqual([
      [viewer, { status: 'accepted' }, [ref(ALICE)]],
      [undefined, { status: 'refused', code: 'AUDIT_SUBJECT_FORBIDDEN' }, [ref(ALICE)]],
    ]);
    expect(views[1].query?.actorRef).toBe(ref(BOB));
    // Alice's two entries, and the record of the search that showed them.
    expect(views[0].query?.returned).toBe(3);
  });

  it("lists in the citizen's access log the auditors who viewed their entries, and only theirs", async () => {
    const alice = await bus.citizenToken(ALICE);
    const own = await get(`/v1/subjects/${ALICE}/accesses`, alice).expect(200);
    const views = (own.body as { auditViews: AuditLogView[] }).auditViews;
    expect(views).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          endpoint: 'GET /v1/records',
          role: 'auditor',
          viewer: searcher,
          agency: 'TTCP',
          outcome: 'accepted',
          returned: 3,
        }),
        expect.objectContaining({
          endpoint: 'GET /v1/subjects/{personalId}/accesses',
          viewer: 'auditor-viewer-2',
          outcome: 'accepted',
        }),
        expect.objectContaining({
          endpoint: 'GET /v1/subjects/{personalId}/accesses',
          role: 'citizen',
          outcome: 'refused',
          refusalCode: 'AUDIT_SUBJECT_FORBIDDEN',
        }),
      ]),
    );
    // The other citizen is never named to Alice, and the refused search named nobody's entries.
    expect(views.every((view) => view.viewer !== 'auditor-refused-1')).toBe(true);
    expect(views.some((view) => view.role === 'citizen' && view.viewer !== undefined)).toBe(false);
    // Newest first.
    const times = views.map((view) => Date.parse(view.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const bob = await get(`/v1/subjects/${BOB}/accesses`, await bus.citizenToken(BOB)).expect(200);
    expect((bob.body as { auditViews: AuditLogView[] }).auditViews).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('describes the type filter of the search and the streamed export', () => {
    const document = SwaggerModule.createDocument(
      bus.app,
      new DocumentBuilder().setTitle('audit').build(),
    );
    const search = document.paths['/v1/records']?.get;
    const exported = document.paths['/v1/log/export']?.get;
    expect((search?.parameters ?? []).map((p) => ('name' in p ? p.name : ''))).toContain('type');
    expect(Object.keys(exported?.responses ?? {}).length).toBeGreaterThan(0);
    expect((exported?.parameters ?? []).map((p) => ('name' in p ? p.name : '')).sort()).toEqual([
      'from',
      'to',
    ]);
  });
});

describe('the export streams the log page by page', () => {
  it('returns every entry of a range of several pages exactly once, in order, and records it', async () => {
    await logRecords(Array.from({ length: 8 }, () => record({ subjectRef: ref(BOB) })));
    const operator = await bus.staffTokenFor('operator-export', 'operator');
    for (let i = 0; i < 4; i++) {
      await http().post('/v1/checkpoints').set('Authorization', `Bearer ${operator}`).expect(201);
    }
    // The timer (every second here) goes on signing checkpoints of the records the service keeps
    // adding (its own query records among them): the default `to` is the latest checkpoint when
    // the export is served, so it lies between the latest before the request and after it.
    const latestSize = async () => {
      const [{ size }] = await dataSource().query<{ size: string }[]>(
        `SELECT coalesce(max(tree_size), 0) AS size FROM audit_checkpoint`,
      );
      return Number(size);
    };
    const before = await latestSize();
    const response = await get('/v1/log/export', reader).expect(200);
    const after = await latestSize();
    // Sent as it is read: chunked, no length known up front.
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    const exported = response.body as {
      from: number;
      to: number;
      entries: string[];
      checkpoints: unknown[];
      certificates: string[];
      cosignatures: unknown[];
    };
    expect(exported.from).toBe(0);
    expect(exported.to).toBeGreaterThanOrEqual(before);
    expect(exported.to).toBeLessThanOrEqual(after);
    const [{ signed }] = await dataSource().query<{ signed: string }[]>(
      `SELECT count(*) AS signed FROM audit_checkpoint WHERE tree_size = $1`,
      [exported.to],
    );
    // It ends on a signed root.
    expect(Number(signed)).toBeGreaterThan(0);
    expect(exported.entries.length).toBeGreaterThan(3 * 5);
    const entries = exported.entries.map((entry) => parseCanonicalEntry(entry));
    expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_, i) => i));
    expect(new Set(entries.map((entry) => entry.record.recordId)).size).toBe(entries.length);
    const [{ count }] = await dataSource().query<{ count: string }[]>(
      `SELECT count(*) AS count FROM audit_checkpoint WHERE tree_size <= $1`,
      [exported.to],
    );
    expect(exported.checkpoints).toHaveLength(Number(count));
    expect(exported.checkpoints.length).toBeGreaterThan(3);
    const report = verifyLog(exported.entries, exported.checkpoints, {
      caPem: bus.caPem,
      certificates: exported.certificates,
    });
    expect(report.records).toBe(exported.entries.length);
    // Bob's entries are in the range: his access log now names the operator's export.
    const bob = await get(`/v1/subjects/${BOB}/accesses`, await bus.citizenToken(BOB)).expect(200);
    expect((bob.body as { auditViews: AuditLogView[] }).auditViews).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ endpoint: 'GET /v1/log/export', viewer: 'auditor-reader' }),
      ]),
    );
    // No personal id is in clear anywhere in the log.
    expect(exported.entries.some((entry) => entry.includes(ALICE) || entry.includes(BOB))).toBe(
      false,
    );
  });

  it('exports a slice of the log and records its range and size', async () => {
    const token = await bus.staffTokenFor('auditor-slice', 'auditor');
    const response = await get('/v1/log/export?from=2&to=9', token).expect(200);
    const exported = response.body as { from: number; to: number; entries: string[] };
    expect([exported.from, exported.to]).toEqual([2, 9]);
    expect(exported.entries.map((entry) => parseCanonicalEntry(entry).seq)).toEqual([
      2, 3, 4, 5, 6, 7, 8,
    ]);
    const found = (await queryRecords())
      .map((logged) => logged.record)
      .filter((rec) => rec.officer === 'auditor-slice');
    expect(found.map((rec) => rec.query)).toEqual([
      {
        endpoint: 'GET /v1/log/export',
        role: 'auditor',
        filters: { from: '2', to: '9' },
        returned: 7,
      },
    ]);
  });

  it('refuses a reversed range with AUDIT_QUERY_INVALID, recorded once', async () => {
    const token = await bus.staffTokenFor('auditor-reversed', 'auditor');
    const response = await get('/v1/log/export?from=9&to=2', token).expect(400);
    expect((response.body as { code: string }).code).toBe('AUDIT_QUERY_INVALID');
    const found = (await queryRecords())
      .map((logged) => logged.record)
      .filter((rec) => rec.officer === 'auditor-reversed');
    expect(found.map((rec) => [rec.outcome, rec.query?.filters])).toEqual([
      [
        { status: 'refused', code: 'AUDIT_QUERY_INVALID' },
        { from: '9', to: '2' },
      ],
    ]);
  });
});
