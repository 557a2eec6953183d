import { stringify } from 'csv-stringify/sync';
import type { LoggedRecord } from './audit-record.queries';

/** Columns of the CSV export of a search (apps/audit/README.md). */
export const RECORDS_CSV_COLUMNS = [
  'seq',
  'logged_at',
  'time',
  'record_id',
  'message_id',
  'type',
  'sender',
  'recipient',
  'outcome',
  'refusal_code',
  'procedure',
  'legal_basis',
  'case_id',
  'officer',
  'subject_ref',
  'fields',
  'correlation_id',
  'causation_id',
  'payload_digest',
  'signature_digest',
  'trace_id',
] as const;

const party = (p: { member: string; subsystem: string } | undefined) =>
  p === undefined ? '' : `${p.member}/${p.subsystem}`;

/** One row per record: what the entry says, the subject only as its keyed reference. */
function row({ seq, loggedAt, record: r }: LoggedRecord): string[] {
  return [
    String(seq),
    loggedAt,
    r.time,
    r.recordId,
    r.messageId,
    r.type,
    party(r.sender),
    party(r.recipient),
    r.outcome.status,
    r.outcome.status === 'refused' ? r.outcome.code : '',
    r.purpose?.procedure ?? '',
    r.purpose?.legalBasis ?? '',
    r.purpose?.caseId ?? '',
    r.officer ?? '',
    r.subjectRef ?? '',
    (r.fields ?? []).join(' '),
    r.correlationId ?? '',
    r.causationId ?? '',
    r.payloadDigest ?? '',
    r.signatureDigest ?? '',
    r.traceId ?? '',
  ];
}

/**
 * The CSV text of the pages, one piece per page, each written when the reader asks for it (so the
 * export holds one page in memory): RFC 4180, UTF-8 with a byte-order mark, CRLF line ends.
 */
export async function* recordsCsv(pages: AsyncIterable<LoggedRecord[]>): AsyncGenerator<string> {
  const options = { columns: [...RECORDS_CSV_COLUMNS], record_delimiter: 'windows' } as const;
  yield `\uFEFF${stringify([], { ...options, header: true })}`;
  for await (const page of pages) {
    yield stringify(page.map(row), options);
  }
}
