// real: PostgreSQL (TEST_DATABASE_URL) with the audit log's migrations. mock: nothing.
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { createDataSource, runMigrations } from '@lienthong/persistence';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import {
  AUDIT_QUERY_TYPE,
  type AuditQuery,
  type AuditRecord,
  subjectRef,
} from '@lienthong/audit-log';
import { AUDIT_LOG_ENTITIES, AUDIT_LOG_MIGRATIONS } from '../log/audit-log.entities';
import { AuditLogStore } from '../log/audit-log.store';
import {
  AuditRecordQueries,
  EXPORT_ENDPOINT,
  type RecordFilter,
  VIEWS_OF_SUBJECT,
  searchStatement,
} from './audit-record.queries';

const key = randomBytes(32);
const ALICE = subjectRef(key, 'personal-id', '001085012345');
const BOB = subjectRef(key, 'personal-id', '079301000001');
const PARTIES = [
  { member: 'CIV', subsystem: 'registry' },
  { member: 'POP', subsystem: 'registry' },
  { member: 'BIZ', subsystem: 'registry' },
];
/** A member with few records, as most members are in a log of many agencies. */
const INS = { member: 'INS', subsystem: 'registry' };

let schema: TestSchema;
let dataSource: DataSource;
let store: AuditLogStore;
let queries: AuditRecordQueries;

function lookup(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    recordId: uuidv7(),
    messageId: uuidv7(),
    type: `urn:lienthong:population:service-${i % 12}-request:1`,
    sender: i % 30 === 3 ? INS : PARTIES[i % 3],
    recipient: i % 30 === 4 ? INS : PARTIES[(i + 1) % 3],
    purpose: { procedure: `1.00${i % 40}`, legalBasis: 'Luật Căn cước 2023' },
    outcome: i % 25 === 0 ? { status: 'refused', code: 'ACCESS_DENIED' } : { status: 'accepted' },
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    ...over,
  };
}

function queried(query: AuditQuery, outcome: AuditRecord['outcome'] = { status: 'accepted' }) {
  return {
    recordId: uuidv7(),
    messageId: uuidv7(),
    type: AUDIT_QUERY_TYPE,
    sender: { member: 'AUDIT', subsystem: 'log' },
    officer: 'auditor-1',
    outcome,
    time: new Date().toISOString(),
    query,
  } satisfies AuditRecord;
}

/** Names of every index the plan of `sql` reads, with sequential scans switched off. */
async function indexesOf(sql: string, params: unknown[]): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    // Off, so that a small table does not hide what an index can do; an index that cannot serve
    // the WHERE clause is still not chosen.
    await manager.query('SET LOCAL enable_seqscan = off');
    const [row] = await manager.query<{ 'QUERY PLAN': unknown }[]>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(walk);
      } else if (typeof node === 'object' && node !== null) {
        for (const [name, value] of Object.entries(node)) {
          if (name === 'Index Name' && typeof value === 'string') {
            names.push(value);
          }
          walk(value);
        }
      }
    };
    walk(row['QUERY PLAN']);
    return names;
  });
}

beforeAll(async () => {
  schema = await createTestSchema(testDatabaseUrl());
  dataSource = await createDataSource({
    url: testDatabaseUrl(),
    schema: schema.schema,
    entities: AUDIT_LOG_ENTITIES,
    migrations: AUDIT_LOG_MIGRATIONS,
    applicationName: 'audit-record-queries-int-spec',
    poolMax: 2,
  });
  await runMigrations(dataSource);
  store = new AuditLogStore(dataSource, { origin: 'lienthong.test/audit/log' });
  queries = new AuditRecordQueries(dataSource);
  // seq 0..599: look-ups; Alice's at seq 10 and 20, Bob's at 500.
  const lookups = Array.from({ length: 600 }, (_, i) =>
    lookup(i, i === 10 || i === 20 ? { subjectRef: ALICE } : i === 500 ? { subjectRef: BOB } : {}),
  );
  await store.append(lookups);
  await store.append([
    queried({ endpoint: 'GET /v1/records', filters: {}, returned: 2, subjects: [ALICE] }), // 600
    queried({ endpoint: EXPORT_ENDPOINT, filters: { from: '0', to: '15' }, returned: 15 }), // 601
    queried({ endpoint: EXPORT_ENDPOINT, filters: { from: '100', to: '600' }, returned: 500 }), // 602
    queried(
      { endpoint: EXPORT_ENDPOINT, filters: { from: '0', to: '600' }, returned: 0 },
      { status: 'refused', code: 'AUDIT_APPEND_FAILED' },
    ), // 603
    queried({ endpoint: 'GET /v1/lineage/{messageId}', filters: {}, returned: 1, subjects: [BOB] }), // 604
  ]);
  await dataSource.query('ANALYZE audit_record');
});

afterAll(async () => {
  await dataSource?.destroy();
  await schema?.drop();
});

describe('indexes of the search filters (migration 1795900000020)', () => {
  it.each<[string, Omit<RecordFilter, 'limit'>, string]>([
    [
      'procedure (in the JSON of the entry)',
      { procedure: '1.007' },
      'ix_audit_record_procedure_seq',
    ],
    [
      'message type (in the JSON of the entry)',
      { type: AUDIT_QUERY_TYPE },
      'ix_audit_record_type_seq',
    ],
    ['sender member', { sender: 'INS' }, 'ix_audit_record_sender_member_seq'],
    ['whole sender party', { sender: 'INS/registry' }, 'ix_audit_record_sender_member_seq'],
    ['recipient member', { recipient: 'INS' }, 'ix_audit_record_recipient_member_seq'],
    ['any refusal', { outcome: 'refused' }, 'ix_audit_record_refused_seq'],
    [
      'procedure on a later page',
      { procedure: '1.007', after: 300 },
      'ix_audit_record_procedure_seq',
    ],
  ])('a search by %s reads its index', async (_name, filter, index) => {
    const { sql, params } = searchStatement({ ...filter, limit: 50 });
    expect(await indexesOf(sql, params)).toContain(index);
  });

  it('finds the queries that saw a data subject through its indexes', async () => {
    const used = await indexesOf(VIEWS_OF_SUBJECT, [ALICE]);
    expect(used).toEqual(
      expect.arrayContaining(['ix_audit_record_query_subjects', 'ix_audit_record_query_export']),
    );
  });

  it('answers the filters the indexes serve', async () => {
    const byProcedure = await queries.search({ procedure: '1.007', limit: 200 });
    expect(byProcedure.map((r) => r.seq)).toEqual(Array.from({ length: 15 }, (_, k) => 7 + 40 * k));
    const ins = await queries.search({ sender: 'INS', after: 500, limit: 200 });
    expect(ins.map((r) => r.seq)).toEqual([513, 543, 573]);
    const exact = await queries.search({ sender: 'CIV/registry', recipient: 'POP', limit: 3 });
    expect(exact.map((r) => r.seq)).toEqual([0, 6, 9]);
    const refused = await queries.search({
      outcome: 'refused',
      from: new Date(Date.UTC(2026, 0, 1, 0, 8)),
      limit: 200,
    });
    expect(refused.map((r) => r.seq)).toEqual([500, 525, 550, 575, 603]);
    const ofType = await queries.search({ type: AUDIT_QUERY_TYPE, limit: 200 });
    expect(ofType.map((r) => r.seq)).toEqual([600, 601, 602, 603, 604]);
  });
});

describe("the queries that saw a data subject's entries", () => {
  it('are those naming the subject and the accepted exports whose range holds its entries', async () => {
    expect((await queries.viewsOf(ALICE)).map((r) => r.seq)).toEqual([601, 600]);
    expect((await queries.viewsOf(BOB)).map((r) => r.seq)).toEqual([604, 602]);
    expect(await queries.viewsOf(subjectRef(key, 'personal-id', '001099000000'))).toEqual([]);
  });
});
