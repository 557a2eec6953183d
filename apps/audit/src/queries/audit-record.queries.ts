import type { DataSource } from 'typeorm';
import { type AuditRecord, parseCanonicalEntry } from '@lienthong/transparency';

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

function toLogged(row: { entry: string }): LoggedRecord {
  const entry = parseCanonicalEntry(row.entry);
  return { seq: entry.seq, loggedAt: entry.loggedAt, record: entry.record };
}

/** `[sql, value]` per filter given; `$?` in the SQL is the value's placeholder. */
function searchConditions(filter: RecordFilter): [string, unknown][] {
  const party = (column: string) => `(${column} = $? OR split_part(${column}, '/', 1) = $?)`;
  const outcome: [string, unknown] =
    filter.outcome === 'refused'
      ? [`outcome <> 'accepted'`, undefined]
      : ['outcome = $?', filter.outcome];
  const all: [string, unknown][] = [
    [party('sender'), filter.sender],
    [party('recipient'), filter.recipient],
    [`(entry::jsonb #>> '{record,purpose,procedure}') = $?`, filter.procedure],
    ['record_time >= $?', filter.from],
    ['record_time < $?', filter.to],
    ['seq > $?', filter.after],
  ];
  if (filter.outcome !== undefined) {
    all.push(outcome);
  }
  return all.filter(([sql, value]) => value !== undefined || !sql.includes('$?'));
}

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

  /** One page of the auditor's search, in log order. */
  async search(filter: RecordFilter): Promise<LoggedRecord[]> {
    const params: unknown[] = [];
    const clauses = searchConditions(filter).map(([sql, value]) => {
      if (value === undefined) {
        return sql;
      }
      params.push(value);
      return sql.replaceAll('$?', `$${params.length}`);
    });
    const where = clauses.length > 0 ? clauses.join(' AND ') : 'true';
    return this.select(where, params, 'seq', filter.limit);
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
