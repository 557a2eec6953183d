import { MessagingError } from './messaging.errors';

/**
 * Root of every subject and prefix of every stream, so that tests and several environments can
 * share one NATS server without seeing each other's messages.
 */
export interface BusNamespace {
  readonly subjectRoot: string;
  readonly streamPrefix: string;
}

/** The production namespace: subjects `lt.*`, streams `LT_*`. */
export const DEFAULT_NAMESPACE: BusNamespace = Object.freeze({
  subjectRoot: 'lt',
  streamPrefix: 'LT',
});

/** The JetStream streams of the bus. */
export type StreamKind = 'EVENTS' | 'DOCS' | 'AUDIT' | 'DLQ';

/** Token formats of docs/architecture.md "Identities". */
export const TOKEN_PATTERNS = {
  member: /^[A-Z][A-Z0-9]{1,15}$/,
  subsystem: /^[a-z][a-z0-9-]{0,31}$/,
  service: /^[a-z][a-z0-9-]{1,63}$/,
  eventType: /^[a-z][a-z0-9-]{1,63}$/,
  documentKind: /^[a-z][a-z0-9-]{1,63}$/,
  reasonCode: /^[A-Z][A-Z0-9_]{1,63}$/,
  subjectRoot: /^[a-z][a-z0-9-]{0,31}$/,
  streamPrefix: /^[A-Z][A-Z0-9_]{0,31}$/,
} as const;

type TokenKind = keyof typeof TOKEN_PATTERNS;

function token(kind: TokenKind, value: string): string {
  if (typeof value !== 'string' || !TOKEN_PATTERNS[kind].test(value)) {
    throw new MessagingError(
      'BUS_SUBJECT_INVALID',
      `${kind} ${JSON.stringify(value)} does not match ${String(TOKEN_PATTERNS[kind])}`,
      { details: { kind, value: String(value) } },
    );
  }
  return value;
}

function root(ns: BusNamespace): string {
  return token('subjectRoot', ns.subjectRoot);
}

function prefix(ns: BusNamespace): string {
  return token('streamPrefix', ns.streamPrefix);
}

/** Validates a member code and returns it. */
export function memberToken(member: string): string {
  return token('member', member);
}

/** `lt.req.<member>.<subsystem>.<service>`: core request-reply subject of a look-up service. */
export function lookupSubject(
  ns: BusNamespace,
  member: string,
  subsystem: string,
  service: string,
): string {
  return [
    root(ns),
    'req',
    token('member', member),
    token('subsystem', subsystem),
    token('service', service),
  ].join('.');
}

/** `<member>.<subsystem>`: queue group shared by the replicas of one provider. */
export function lookupQueueGroup(member: string, subsystem: string): string {
  return `${token('member', member)}.${token('subsystem', subsystem)}`;
}

/** `lt.evt.<member>.<event-type>`: a life event published by `member`. */
export function eventSubject(ns: BusNamespace, member: string, eventType: string): string {
  return [root(ns), 'evt', token('member', member), token('eventType', eventType)].join('.');
}

/** Every event of one publisher (`lt.evt.POP.*`) or of the whole bus (`lt.evt.>`). */
export function eventWildcard(ns: BusNamespace, member?: string): string {
  return member === undefined
    ? `${root(ns)}.evt.>`
    : `${root(ns)}.evt.${token('member', member)}.*`;
}

/** `lt.doc.<recipient>.<kind>`: an official document addressed to `recipientMember`. */
export function documentSubject(ns: BusNamespace, recipientMember: string, kind: string): string {
  return [root(ns), 'doc', token('member', recipientMember), token('documentKind', kind)].join('.');
}

/** `lt.audit.<member>`: audit records written by `member`. */
export function auditSubject(ns: BusNamespace, member: string): string {
  return `${root(ns)}.audit.${token('member', member)}`;
}

/** `lt.dlq.<member>.<code>`: a message `member` could not process, by reason code. */
export function dlqSubject(ns: BusNamespace, member: string, code: string): string {
  return [root(ns), 'dlq', token('member', member), token('reasonCode', code)].join('.');
}

/** Subjects a stream captures. */
export function streamSubjects(ns: BusNamespace, kind: StreamKind): string[] {
  switch (kind) {
    case 'EVENTS':
      return [`${root(ns)}.evt.>`];
    case 'DOCS':
      return [`${root(ns)}.doc.>`];
    case 'AUDIT':
      return [`${root(ns)}.audit.*`];
    case 'DLQ':
      return [`${root(ns)}.dlq.>`];
  }
}

/** `LT_EVENTS`, `LT_DOCS`, `LT_AUDIT`, `LT_DLQ`. */
export function streamName(ns: BusNamespace, kind: StreamKind): string {
  return `${prefix(ns)}_${kind}`;
}

/** KV bucket holding the signed global configuration (`LT_CONFIG`). */
export function configBucket(ns: BusNamespace): string {
  return `${prefix(ns)}_CONFIG`;
}

/** The two parties of an attachment object store: the member that sends, the member it sends to. */
export interface AttachmentPair {
  readonly sender: string;
  readonly recipient: string;
}

/**
 * Object store holding the attachments one member sends to another, by SHA-256
 * (`LT_ATTACHMENTS_<SENDER>_<RECIPIENT>`, stream `OBJ_LT_ATTACHMENTS_<SENDER>_<RECIPIENT>`): one per
 * ordered pair, so that NATS permissions can give each pair's files to its two parties only
 * (docs/adr/0019-attachment-store-per-pair.md).
 */
export function attachmentStore(ns: BusNamespace, pair: AttachmentPair): string {
  const sender = token('member', pair.sender);
  const recipient = token('member', pair.recipient);
  if (sender === recipient) {
    throw new MessagingError(
      'BUS_SUBJECT_INVALID',
      `${sender} does not send attachments to itself`,
      {
        details: { kind: 'member', value: recipient },
      },
    );
  }
  return `${prefix(ns)}_ATTACHMENTS_${sender}_${recipient}`;
}

/** Every ordered pair of distinct members: the attachment stores of members that all exchange. */
export function attachmentPairs(members: readonly string[]): AttachmentPair[] {
  return members.flatMap((sender) =>
    members.filter((m) => m !== sender).map((recipient) => ({ sender, recipient })),
  );
}

/**
 * `_INBOX.lt.<member>.<subsystem>`: the reply-inbox prefix of one agency system. Per-user inbox
 * prefixes keep one agency from subscribing to another's replies (docs/security.md §4.1).
 */
export function inboxPrefix(ns: BusNamespace, member: string, subsystem: string): string {
  return ['_INBOX', root(ns), token('member', member), token('subsystem', subsystem)].join('.');
}

/** `lt.dlq.<member>.*`: every dead letter of one member. */
export function dlqWildcard(ns: BusNamespace, member: string): string {
  return `${root(ns)}.dlq.${token('member', member)}.*`;
}

/** `lt.doc.<recipient>.*`: every document addressed to one member. */
export function documentWildcard(ns: BusNamespace, recipientMember: string): string {
  return `${root(ns)}.doc.${token('member', recipientMember)}.*`;
}

/**
 * Durable consumer name of one event subscription, `<member>_<subsystem>_<publisher>_<type>`:
 * nats-server 2.9 allows one filter per consumer, so each subscribed event type has its own.
 */
export function eventConsumerName(
  member: string,
  subsystem: string,
  publisher: string,
  eventType: string,
): string {
  return [
    token('member', member),
    token('subsystem', subsystem),
    token('member', publisher),
    token('eventType', eventType),
  ].join('_');
}
