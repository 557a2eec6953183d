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
  /** `accepted`, `refused` (any refusal) or one refusal code. */
  readonly outcome?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Only records after this position (the previous page's cursor). */
  readonly after?: number;
  readonly limit: number;
}

/** Most records one lineage or access view returns; beyond it the view says it was cut. */
export const VIEW_LIMIT = 1000;

/** Route template of the export, as its query records name it. */
export const EXPORT_ENDPOINT = 'GET /v1/log/export';

/**
 * The JSON paths the search and the access view filter on. Each text is exactly the expression of
 * an index of migration 1795900000020: PostgreSQL uses an expression index only for the same
 * expression, so these strings are shared, never retyped.
 */
export const ENTRY_PATHS = {
  // columns the appender fills from the entry (migration 1795900000020)
  procedure: 'record_procedure',
  type: 'record_type',
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

/** `[sql, value]` per filter given; `$?` in the SQL is the value's placeholder. */
function searchConditions(filter: RecordFilter): [string, unknown][] {
  const outcome: [string, unknown] =
    filter.outcome === 'refused'
      ? [`outcome <> 'accepted'`, undefined]
      : ['outcome = $?', filter.outcome];
  const all: [string, unknown][] = [
    party('sender', filter.sender),
    party('recipient', filter.recipient),
    [`${ENTRY_PATHS.procedure} = $?`, filter.procedure],
    [`${ENTRY_PATHS.type} = $?`, filter.type],
    ['record_time >= $?', filter.from],
    ['record_time < $?', filter.to],
    ['seq > $?', filter.after],
  ];
  if (filter.outcome !== undefined) {
    all.push(outcome);
  }
  return all.filter(([sql, value]) => value !== undefined || !sql.includes('$?'));
}

/** The SQL and parameters of one search page (exported so tests can EXPLAIN exactly this). */
export function searchStatement(filter: RecordFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const clauses = searchConditions(filter).map(([sql, value]) => {
    if (value === undefined) {
      return sql;
    }
    params.push(value);
    return sql.replaceAll('$?', `$${params.length}`);
  });
  const where = clauses.length > 0 ? clauses.join(' AND ') : 'true';
  return {
    sql: `SELECT entry FROM audit_record WHERE ${where} ORDER BY seq LIMIT ${Math.floor(filter.limit)}`,
    params,
  };
}

/**
 * The queries of the audit API that saw a data subject's entries (`$1`: its keyed reference),
 * newest first: those that named or returned the subject (`query.subjects`), and the accepted
 * exports whose range holds one of the subject's records (an export shows its whole range).
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

  /** Records about one data subject (keyed reference), newest first. */
  async bySubject(subjectRef: string): Promise<LoggedRecord[]> {
    return this.select(`subject_ref = $1`, [subjectRef], 'record_time DESC, seq DESC');
  }

  /** The audit service's records of the queries that saw this subject's entries, newest first. */
  async viewsOf(subjectRef: string): Promise<LoggedRecord[]> {
    const rows: { entry: string }[] = await this.dataSource.query(VIEWS_OF_SUBJECT, [subjectRef]);
    return rows.map((row) => toLogged(row));
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
