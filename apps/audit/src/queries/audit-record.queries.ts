import type { DataSource } from 'typeorm';
import { AUDIT_QUERY_TYPE, type AuditRecord, parseCanonicalEntry } from '@lienthong/audit-log';

/** A record as the log holds it: its position and the time the log took it. */
export interface LoggedRecord {
  readonly seq: number;
  readonly loggedAt: string;
  readonly record: AuditRecord;
}

/** Filters of the auditor's record search; every one optional. */
export interface RecordFilter {
  /** `MEMBER` or `MEMBER/subsystem`. */
  readonly sender?: string;
  readonly recipient?: string;
  readonly procedure?: string;
  /** Message type of the records, e.g. the audit service's own query records. */
  readonly type?: string;
  /** Any of these message types (a service's request and response types). */
  readonly types?: readonly string[];
  /** A member on either side: the sender's or the recipient's. */
  readonly agency?: string;
  /** The data subject, as the keyed reference the records carry. */
  readonly subjectRef?: string;
  /** The case (or dossier) id of the purpose. */
  readonly caseId?: string;
  /** `accepted`, `refused` (any refusal) or one refusal code. */
  readonly outcome?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Only records after this position (the previous page's cursor). */
  readonly after?: number;
  /** Only records before this position (an export: the log's size when it began). */
  readonly before?: number;
  readonly limit: number;
}

/** Most records one lineage or access view returns; beyond it the view says it was cut. */
export const VIEW_LIMIT = 1000;

/** Route template of the export, as its query records name it. */
export const EXPORT_ENDPOINT = 'GET /v1/log/export';

/** Route template of the CSV export of a search (migration 1796200000001 indexes its records). */
export const RECORDS_EXPORT_ENDPOINT = 'GET /v1/records/export.csv';

/**
 * The JSON paths the search and the access view filter on. Each text is exactly the expression of
 * an index of migration 1795900000020: PostgreSQL uses an expression index only for the same
 * expression, so these strings are shared, never retyped.
 */
export const ENTRY_PATHS = {
  // columns the appender fills from the entry (migration 1795900000020)
  procedure: 'record_procedure',
  type: 'record_type',
  // (migration 1796200000001)
  caseId: 'record_case',
  querySubjects: `(entry::jsonb #> '{record,query,subjects}')`,
  queryEndpoint: `(entry::jsonb #>> '{record,query,endpoint}')`,
} as const;

/** The predicate of the partial indexes over query records (a literal, so plans can use them). */
export const IS_QUERY_RECORD = `${ENTRY_PATHS.type} = '${AUDIT_QUERY_TYPE}'`;

function toLogged(row: { entry: string }): LoggedRecord {
  const entry = parseCanonicalEntry(row.entry);
  return { seq: entry.seq, loggedAt: entry.loggedAt, record: entry.record };
}

/** A party filter: a whole `MEMBER/subsystem`, or every subsystem of a `MEMBER` (indexed both ways). */
function party(column: 'sender' | 'recipient', value: string | undefined): [string, unknown] {
  // one (member, seq) index serves both: a whole party is its member's range, filtered
  return value?.includes('/') === true
    ? [`split_part(${column}, '/', 1) = split_part($?::text, '/', 1) AND ${column} = $?`, value]
    : [`split_part(${column}, '/', 1) = $?`, value];
}

type Condition = [sql: string, value: unknown];

/** `[sql, value]` per filter given that every record must meet; `$?` is the value's placeholder. */
function searchConditions(filter: RecordFilter): Condition[] {
  const outcome: Condition =
    filter.outcome === 'refused'
      ? [`outcome <> 'accepted'`, undefined]
      : ['outcome = $?', filter.outcome];
  const all: Condition[] = [
    party('sender', filter.sender),
    party('recipient', filter.recipient),
    [`${ENTRY_PATHS.procedure} = $?`, filter.procedure],
    [`${ENTRY_PATHS.type} = $?`, filter.type],
    [`${ENTRY_PATHS.caseId} = $?`, filter.caseId],
    ['subject_ref = $?', filter.subjectRef],
    ['record_time >= $?', filter.from],
    ['record_time < $?', filter.to],
    ['seq > $?', filter.after],
    ['seq < $?', filter.before],
  ];
  if (filter.outcome !== undefined) {
    all.push(outcome);
  }
  return all.filter(([sql, value]) => value !== undefined || !sql.includes('$?'));
}

/**
 * The filters a record meets in one of several ways, each way one more condition: an agency on
 * either side, one of several message types. Every combination is a branch of its own, read
 * with its own ordered index scan, so a page never sorts the whole of an agency's records.
 */
function alternatives(filter: RecordFilter): Condition[][] {
  const sides: Condition[] =
    filter.agency === undefined
      ? []
      : [party('sender', filter.agency), party('recipient', filter.agency)];
  const types: Condition[] = (filter.types ?? []).map((type) => [`${ENTRY_PATHS.type} = $?`, type]);
  const ways = [sides, types].filter((way) => way.length > 0);
  return ways.reduce<Condition[][]>(
    (branches, way) => branches.flatMap((branch) => way.map((c) => [...branch, c])),
    [[]],
  );
}

/** The SQL and parameters of one search page (exported so tests can EXPLAIN exactly this). */
export function searchStatement(filter: RecordFilter): { sql: string; params: unknown[] } {
  return statement(filter, 'page');
}

/** The SQL and parameters counting every record a search selects. */
export function countStatement(filter: Omit<RecordFilter, 'limit'>): {
  sql: string;
  params: unknown[];
} {
  return statement({ ...filter, limit: 0 }, 'count');
}

function statement(
  filter: RecordFilter,
  shape: 'page' | 'count',
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = (conditions: Condition[]) => {
    const clauses = conditions.map(([sql, value]) => {
      if (value === undefined) {
        return sql;
      }
      params.push(value);
      return sql.replaceAll('$?', `$${params.length}`);
    });
    return clauses.length > 0 ? clauses.join(' AND ') : 'true';
  };
  const limit = Math.floor(filter.limit);
  const base = searchConditions(filter);
  const branches = alternatives(filter);
  if (shape === 'count') {
    const union = branches
      .map((branch) => `SELECT seq FROM audit_record WHERE ${where([...base, ...branch])}`)
      .join(' UNION ');
    return { sql: `SELECT count(*) AS n FROM (${union}) selected`, params };
  }
  if (branches.length === 1) {
    return {
      sql: `SELECT entry FROM audit_record WHERE ${where(base)} ORDER BY seq LIMIT ${limit}`,
      params,
    };
  }
  const union = branches
    .map(
      (branch) =>
        `(SELECT seq, entry FROM audit_record WHERE ${where([...base, ...branch])} ORDER BY seq LIMIT ${limit})`,
    )
    .join(' UNION ');
  return { sql: `SELECT entry FROM (${union}) page ORDER BY seq LIMIT ${limit}`, params };
}

/** A filter of a CSV export's query record, as text (`q` is the query record's row). */
const exportFilter = (name: string) => `(q.entry::jsonb #>> '{record,query,filters,${name}}')`;

/** A party filter of an export applied to the subject's record `s` (see party() above). */
const exportParty = (column: 'sender' | 'recipient') => {
  const value = exportFilter(column);
  return `(${value} IS NULL OR (split_part(s.${column}, '/', 1) = split_part(${value}, '/', 1)
            AND (strpos(${value}, '/') = 0 OR s.${column} = ${value})))`;
};

/**
 * Whether the subject's record `s` is one a CSV export `q` selected: each filter its query record
 * kept, applied as the search applies it, and only records logged before the export began. An
 * export that named a data subject is found by its `subjects` instead (the first branch below),
 * and held no one else's entries.
 */
const EXPORT_HELD = `
  s.seq < ${exportFilter('before')}::bigint
  AND ${ENTRY_PATHS.querySubjects.replace('entry', 'q.entry')} IS NULL
  AND ${exportParty('sender')} AND ${exportParty('recipient')}
  AND (${exportFilter('agency')} IS NULL OR split_part(s.sender, '/', 1) = ${exportFilter('agency')}
       OR split_part(s.recipient, '/', 1) = ${exportFilter('agency')})
  AND (${exportFilter('procedure')} IS NULL OR s.${ENTRY_PATHS.procedure} = ${exportFilter('procedure')})
  AND (${exportFilter('case')} IS NULL OR s.${ENTRY_PATHS.caseId} = ${exportFilter('case')})
  AND (${exportFilter('type')} IS NULL OR s.${ENTRY_PATHS.type} = ${exportFilter('type')})
  AND (${exportFilter('types')} IS NULL
       OR s.${ENTRY_PATHS.type} = ANY(string_to_array(${exportFilter('types')}, ',')))
  AND (${exportFilter('outcome')} IS NULL
       OR (${exportFilter('outcome')} = 'refused' AND s.outcome <> 'accepted')
       OR s.outcome = ${exportFilter('outcome')})
  AND (${exportFilter('from')} IS NULL OR s.record_time >= (${exportFilter('from')})::timestamptz)
  AND (${exportFilter('to')} IS NULL OR s.record_time < (${exportFilter('to')})::timestamptz)`;

/**
 * The queries of the audit API that saw a data subject's entries (`$1`: its keyed reference),
 * newest first: those that named or returned the subject (`query.subjects`), the accepted log
 * exports whose range holds one of the subject's records (an export shows its whole range), and
 * the accepted CSV exports of a search that selected one of them.
 */
export const VIEWS_OF_SUBJECT = `
  SELECT seq, entry FROM audit_record
  WHERE ${IS_QUERY_RECORD} AND ${ENTRY_PATHS.querySubjects} @> jsonb_build_array($1::text)
  UNION
  SELECT seq, entry FROM audit_record q
  WHERE ${IS_QUERY_RECORD} AND ${ENTRY_PATHS.queryEndpoint} = '${EXPORT_ENDPOINT}'
    AND outcome = 'accepted'
    AND EXISTS (
      SELECT 1 FROM audit_record s
      WHERE s.subject_ref = $1
        AND s.seq >= (q.entry::jsonb #>> '{record,query,filters,from}')::bigint
        AND s.seq < (q.entry::jsonb #>> '{record,query,filters,to}')::bigint)
  UNION
  SELECT seq, entry FROM audit_record q
  WHERE ${IS_QUERY_RECORD} AND ${ENTRY_PATHS.queryEndpoint} = '${RECORDS_EXPORT_ENDPOINT}'
    AND outcome = 'accepted'
    AND EXISTS (SELECT 1 FROM audit_record s WHERE s.subject_ref = $1 AND ${EXPORT_HELD})
  ORDER BY seq DESC LIMIT ${VIEW_LIMIT}`;

/**
 * Read side of the audit log for the lineage, access and search views. Everything returned is
 * parsed back from the canonical entry (the leaf bytes), never from the indexed copies, so a
 * view shows exactly what the evidence proves.
 */
export class AuditRecordQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Records about one message, in log order. */
  async byMessage(messageId: string): Promise<LoggedRecord[]> {
    return this.select(`message_id = $1`, [messageId]);
  }

  /** Records of whole conversations (correlation ids) and of the given messages, in log order. */
  async byConversation(
    correlationIds: readonly string[],
    messageIds: readonly string[],
  ): Promise<LoggedRecord[]> {
    return this.select(`correlation_id = ANY($1::text[]) OR message_id = ANY($2::text[])`, [
      correlationIds,
      messageIds,
    ]);
  }

  /** Records of one case (or dossier) id, in log order. */
  async byCase(caseId: string): Promise<LoggedRecord[]> {
    return this.select(`${ENTRY_PATHS.caseId} = $1`, [caseId]);
  }

  /** Records about one data subject (keyed reference), newest first. */
  async bySubject(subjectRef: string): Promise<LoggedRecord[]> {
    return this.select(`subject_ref = $1`, [subjectRef], 'record_time DESC, seq DESC');
  }

  /** The audit service's records of the queries that saw this subject's entries, newest first. */
  async viewsOf(subjectRef: string): Promise<LoggedRecord[]> {
    const rows: { entry: string }[] = await this.dataSource.query(VIEWS_OF_SUBJECT, [subjectRef]);
    return rows.map((row) => toLogged(row));
  }

  /** How many records the log holds: the position the next one will take. */
  async size(): Promise<number> {
    const rows: { size: string | null }[] = await this.dataSource.query(
      `SELECT max(seq) + 1 AS size FROM audit_record`,
    );
    return Number(rows[0]?.size ?? 0);
  }

  /** How many records a search selects, over all its pages. */
  async count(filter: Omit<RecordFilter, 'limit'>): Promise<number> {
    const { sql, params } = countStatement(filter);
    const rows: { n: string }[] = await this.dataSource.query(sql, params);
    return Number(rows[0]?.n ?? 0);
  }

  /** One page of the auditor's search, in log order. */
  async search(filter: RecordFilter): Promise<LoggedRecord[]> {
    const { sql, params } = searchStatement(filter);
    const rows: { entry: string }[] = await this.dataSource.query(sql, params);
    return rows.map((row) => toLogged(row));
  }

  private async select(
    where: string,
    params: unknown[],
    order = 'seq',
    limit = VIEW_LIMIT,
  ): Promise<LoggedRecord[]> {
    const rows: { entry: string }[] = await this.dataSource.query(
      `SELECT entry FROM audit_record WHERE ${where} ORDER BY ${order} LIMIT ${Math.floor(limit)}`,
      params,
    );
    return rows.map((row) => toLogged(row));
  }
}
