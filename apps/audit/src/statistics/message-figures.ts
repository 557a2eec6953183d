import type { DataSource } from 'typeorm';
import { AuditError } from '../audit.errors';

/** What leaders count: look-up requests, documents, document statuses or life events. */
export type MessageKind = 'lookup' | 'document' | 'status' | 'event';

/** The message types of each kind, as a LIKE pattern over the message type. */
const KIND_TYPES: Readonly<Record<MessageKind, string>> = {
  lookup: 'urn:lienthong:%:%-request:%',
  document: 'urn:lienthong:documents:edoc:%',
  status: 'urn:lienthong:documents:status:%',
  event: 'urn:lienthong:events:%',
};

/** A period of Vietnamese dates (both included), a kind, and optionally one agency. */
export interface MessageScope {
  readonly from: string;
  readonly to: string;
  readonly kind: MessageKind;
  /** Its messages either way: as sender (a consumer asking) or as recipient (a provider). */
  readonly agency?: string;
}

/** Accepted and refused messages, the refusals by code, and the share accepted. */
export interface OutcomeCounts {
  readonly total: number;
  readonly accepted: number;
  readonly refused: number;
  /** `accepted / total`, or null when there was none. */
  readonly acceptedShare: number | null;
  readonly refusals: Readonly<Record<string, number>>;
}

/** One day of the period. */
export interface DayFigures extends OutcomeCounts {
  readonly day: string;
}

/** One pair of agencies (who sent, who received) over the period. */
export interface PairFigures extends OutcomeCounts {
  readonly sender: string;
  readonly recipient: string;
}

/** The leaders' figures of the messages exchanged. */
export interface MessageDashboard {
  readonly scope: MessageScope;
  readonly generatedAt: string;
  readonly totals: OutcomeCounts;
  readonly days: DayFigures[];
  readonly pairs: PairFigures[];
  /** The raw rows: per day, sender, recipient, message type and outcome (the CSV export). */
  readonly rows: {
    readonly day: string;
    readonly sender: string;
    readonly recipient: string;
    readonly type: string;
    readonly outcome: string;
    readonly messages: number;
  }[];
}

/** The longest period one dashboard reads: two years. */
export const MAX_PERIOD_DAYS = 732;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;

const invalid = (parameter: string, rule: string) =>
  new AuditError('AUDIT_QUERY_INVALID', `${parameter} must be ${rule}`, {
    details: { parameter },
  });

function single(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(name, 'given at most once');
  }
  return value;
}

function date(name: string, value: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (
    !DATE.test(value) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== value
  ) {
    throw invalid(name, 'a date YYYY-MM-DD');
  }
  return value;
}

/** The scope from a query string: the last 12 weeks of look-ups by default. */
export function parseMessageScope(
  query: Readonly<Record<string, unknown>>,
  now = new Date(),
): MessageScope {
  const vnDay = (at: number) => new Date(at + 7 * 3600_000).toISOString().slice(0, 10);
  const to = date('to', single(query, 'to') ?? vnDay(now.getTime()));
  const from = date(
    'from',
    single(query, 'from') ?? vnDay(Date.parse(`${to}T00:00:00Z`) - 83 * 86_400_000 - 7 * 3600_000),
  );
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0 || days >= MAX_PERIOD_DAYS) {
    throw invalid('from', `on or before to, at most ${MAX_PERIOD_DAYS} days before it`);
  }
  const kind = single(query, 'kind') ?? 'lookup';
  if (!(kind in KIND_TYPES)) {
    throw invalid('kind', 'lookup, document, status or event');
  }
  const agency = single(query, 'agency');
  if (agency !== undefined && !MEMBER.test(agency)) {
    throw invalid('agency', 'a member code');
  }
  return { from, to, kind: kind as MessageKind, ...(agency !== undefined ? { agency } : {}) };
}

class Tally {
  accepted = 0;
  refused = 0;
  readonly refusals: Record<string, number> = {};

  add(outcome: string, messages: number): void {
    if (outcome === 'accepted') {
      this.accepted += messages;
    } else {
      this.refused += messages;
      this.refusals[outcome] = (this.refusals[outcome] ?? 0) + messages;
    }
  }

  counts(): OutcomeCounts {
    const total = this.accepted + this.refused;
    return {
      total,
      accepted: this.accepted,
      refused: this.refused,
      acceptedShare: total === 0 ? null : this.accepted / total,
      refusals: this.refusals,
    };
  }
}

/**
 * The figures of the messages agencies exchanged, from the per-day counts the log keeps in the
 * same transaction as each append (migration 1796200000001): each message counted once, by the
 * outcome of its first record — for a look-up, whether its provider answered or refused it, and
 * with which code. Counts only: no record, person or officer.
 */
export class MessageFiguresQuery {
  constructor(private readonly dataSource: DataSource) {}

  async dashboard(scope: MessageScope, now = new Date()): Promise<MessageDashboard> {
    const params: unknown[] = [scope.from, scope.to, KIND_TYPES[scope.kind]];
    let agency = '';
    if (scope.agency !== undefined) {
      params.push(scope.agency);
      agency = ` AND (sender_member = $4 OR recipient_member = $4)`;
    }
    const rows: {
      day: string;
      sender: string;
      recipient: string;
      type: string;
      outcome: string;
      messages: string;
    }[] = await this.dataSource.query(
      `SELECT day::text AS day, sender_member AS sender, recipient_member AS recipient,
              message_type AS type, outcome, sum(messages) AS messages
         FROM audit_message_daily
        WHERE day BETWEEN $1::date AND $2::date AND message_type LIKE $3${agency}
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      params,
    );
    const totals = new Tally();
    const days = new Map<string, Tally>();
    const pairs = new Map<string, Tally>();
    for (const row of rows) {
      const messages = Number(row.messages);
      totals.add(row.outcome, messages);
      const day = days.get(row.day) ?? new Tally();
      day.add(row.outcome, messages);
      days.set(row.day, day);
      const key = `${row.sender}>${row.recipient}`;
      const pair = pairs.get(key) ?? new Tally();
      pair.add(row.outcome, messages);
      pairs.set(key, pair);
    }
    return {
      scope,
      generatedAt: now.toISOString(),
      totals: totals.counts(),
      days: [...days.entries()].map(([day, tally]) => ({ day, ...tally.counts() })),
      pairs: [...pairs.entries()]
        .map(([key, tally]) => {
          const [sender = '', recipient = ''] = key.split('>');
          return { sender, recipient, ...tally.counts() };
        })
        .sort((a, b) => b.total - a.total),
      rows: rows.map((row) => ({ ...row, messages: Number(row.messages) })),
    };
  }
}
