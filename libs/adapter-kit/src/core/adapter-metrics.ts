import { registeredErrorCodes } from '@lienthong/errors';
import { labelledChildren, metrics } from '@lienthong/telemetry';

/*
 * The adapter's figures on `/metrics` (docs/operations.md §6). Label values come from bounded
 * sets only: sides, service codes of the catalog, member/subsystem codes, event types of the
 * schemas, stable error codes, edXML status codes. Never a personal id, an officer, a case id or
 * anything else a request carries.
 */

/** Which end of a look-up this process is. */
export type LookupSide = 'consumer' | 'provider';

/** Service or peer label of something not in the verified catalog / not verified. */
export const UNKNOWN_LABEL = 'unknown';

const lookups = metrics.counter<'side' | 'service' | 'peer' | 'outcome'>({
  name: 'lienthong_lookups_total',
  help: 'Look-ups this adapter made (side=consumer) or served (side=provider), by service, peer (the provider or the consumer, member/subsystem) and outcome (FOUND, NOT_FOUND or the error code)',
  labelNames: ['side', 'service', 'peer', 'outcome'],
});

const lookupDuration = metrics.histogram<'side' | 'service'>({
  name: 'lienthong_lookup_duration_seconds',
  help: 'Time of a look-up: on the consumer side from the call to the verified answer or refusal, on the provider side from the request to the signed reply',
  labelNames: ['side', 'service'],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

const lookupOf = labelledChildren(lookups);
const lookupSecondsOf = labelledChildren(lookupDuration);

/** A code fit for a label: a registered error code, or UNREGISTERED for anything else. */
export function boundedCode(code: string): string {
  return registeredErrorCodes().has(code) ? code : 'UNREGISTERED';
}

/** Counts one finished look-up and observes its duration (`startedAt` from performance.now()). */
export function recordLookup(
  side: LookupSide,
  service: string,
  peer: string,
  outcome: string,
  startedAt: number,
): void {
  lookupOf(side, service, peer, outcome).inc();
  lookupSecondsOf(side, service).observe((performance.now() - startedAt) / 1000);
}

const published = metrics.counter<'type'>({
  name: 'lienthong_events_published_total',
  help: 'Events this adapter published to the events stream (acknowledged by JetStream), by event type',
  labelNames: ['type'],
});
const applied = metrics.counter<'type' | 'result'>({
  name: 'lienthong_events_applied_total',
  help: 'Events this adapter received and settled, by event type and result (applied; duplicate: already in the inbox)',
  labelNames: ['type', 'result'],
});
const redelivered = metrics.counter<'type'>({
  name: 'lienthong_events_redelivered_total',
  help: 'Deliveries of an event that were not its first (a retry after a failure, a lost ack, a consumer that moved), by event type',
  labelNames: ['type'],
});
const deadLettered = metrics.counter<'type' | 'reason'>({
  name: 'lienthong_events_dead_lettered_total',
  help: 'Events this adapter moved to the dead-letter stream, by event type and reason code',
  labelNames: ['type', 'reason'],
});

const publishedOf = labelledChildren(published);
const appliedOf = labelledChildren(applied);
const redeliveredOf = labelledChildren(redelivered);
const deadLetteredOf = labelledChildren(deadLettered);

/** Event counters. */
export const eventMetrics = {
  published: (type: string, count = 1) => publishedOf(type).inc(count),
  applied: (type: string, result: 'applied' | 'duplicate') => appliedOf(type, result).inc(),
  redelivered: (type: string) => redeliveredOf(type).inc(),
  deadLettered: (type: string, reason: string) => deadLetteredOf(type, boundedCode(reason)).inc(),
};

/** The event type of an event subject `<root>.evt.<member>.<type>`. */
export function eventTypeOfSubject(subject: string): string {
  return subject.slice(subject.lastIndexOf('.') + 1);
}

const outboxUnsent = metrics.gauge<'outbox'>({
  name: 'lienthong_outbox_unsent_messages',
  help: 'Committed messages not yet acknowledged by JetStream, by outbox (events, documents)',
  labelNames: ['outbox'],
});
const outboxAge = metrics.gauge<'outbox'>({
  name: 'lienthong_outbox_oldest_unsent_age_seconds',
  help: 'Age of the oldest committed message not yet acknowledged by JetStream (0 when none), by outbox',
  labelNames: ['outbox'],
});

/** Sets the outbox gauges from a `count, age` query row. */
export function setOutbox(
  outbox: 'events' | 'documents',
  row: { n: string | number; age: string | number | null } | undefined,
): void {
  outboxUnsent.labels(outbox).set(Number(row?.n ?? 0));
  outboxAge.labels(outbox).set(Number(row?.age ?? 0));
}

const documents = metrics.gauge<'direction' | 'status'>({
  name: 'lienthong_documents',
  help: 'Official documents per recipient copy, by direction (outgoing, incoming) and latest edXML status code (none: no status yet)',
  labelNames: ['direction', 'status'],
});
const documentsInStatus = metrics.gauge<'direction' | 'status'>({
  name: 'lienthong_documents_oldest_in_status_seconds',
  help: 'How long the document copy that has been longest in its current status has been there, by direction and status',
  labelNames: ['direction', 'status'],
});

/** Replaces the document gauges with one row per (direction, status). */
export function setDocuments(
  rows: readonly { direction: string; status: string; n: string | number; age: string | number }[],
): void {
  documents.reset();
  documentsInStatus.reset();
  for (const row of rows) {
    documents.labels(row.direction, row.status).set(Number(row.n));
    documentsInStatus.labels(row.direction, row.status).set(Number(row.age));
  }
}
