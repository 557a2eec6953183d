import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { canonicalText } from '@lienthong/pki';
import { AUDIT_LOG_IDENTITY } from './checkpoint';
import { AuditLogError } from './audit-log.errors';

/** A member system on the bus (architecture.md identities). */
export interface AuditParty {
  readonly member: string;
  readonly subsystem: string;
}

/** Why personal data was asked for: the administrative procedure, its legal basis and the case. */
export interface AuditPurpose {
  readonly procedure: string;
  readonly legalBasis: string;
  readonly caseId?: string;
}

/** What the receiving side decided; a refusal carries its stable error code. */
export type AuditOutcome =
  { readonly status: 'accepted' } | { readonly status: 'refused'; readonly code: string };

/**
 * Type of the records the audit service writes about the queries made of it (its own HTTP API):
 * who looked at the log, what they asked and how much they got (schemas/audit/audit-query/v1).
 */
export const AUDIT_QUERY_TYPE = 'urn:lienthong:audit:audit-query:1';

/** Roles a caller of the audit API can hold. */
export type AuditQueryRole = 'auditor' | 'operator' | 'citizen';

/**
 * What one query of the audit log asked and got: the `query` member of a record of type
 * {@link AUDIT_QUERY_TYPE}. The caller's token subject, for staff, is the record's `officer`; a
 * citizen appears only as the keyed hash of their personal id, like every data subject.
 */
export interface AuditQuery {
  /** Route template, e.g. `GET /v1/records`; never the concrete path, which may hold a personal id. */
  readonly endpoint: string;
  /** Role of the verified bearer token; absent when the token did not verify. */
  readonly role?: AuditQueryRole;
  /** Agency named by a staff token (claim `agency`), when it names one. */
  readonly agency?: string;
  /** A citizen caller: keyed hash of their personal id ({@link subjectRef}). */
  readonly actorRef?: string;
  /** The filters given that were valid, as text (an invalid value is left out, never echoed). */
  readonly filters: Readonly<Record<string, string>>;
  /** Log entries the answer disclosed; 0 for a refusal. */
  readonly returned: number;
  /** Keyed hashes of the data subjects whose entries were asked for or disclosed, each once. */
  readonly subjects?: readonly string[];
}

/**
 * One audit record as a producer emits it. Never a payload: only digests, and the data subject
 * only as a keyed hash ({@link subjectRef}), so the log can be shown to auditors without
 * disclosing personal data.
 */
export interface AuditRecord {
  /** Unique id of this record (UUID); the log stores each id once. */
  readonly recordId: string;
  /** Envelope id of the bus message the record is about. */
  readonly messageId: string;
  /** Message type (`$id` of the payload schema) or event type. */
  readonly type: string;
  readonly sender: AuditParty;
  readonly recipient?: AuditParty;
  /**
   * Who wrote the record: the member system that accepted or refused the message (the signer of
   * the batch that carried it, checked by the audit service). A subscriber's record of an event
   * names the subscriber here, the event's publisher as sender and recipient. Absent in records
   * of adapters older than this field, whose recorder was their sender or recipient.
   */
  readonly recorder?: AuditParty;
  readonly purpose?: AuditPurpose;
  /** Acting officer (user id at the sending agency), when a person triggered the exchange. */
  readonly officer?: string;
  /** Keyed hash of the data subject's identifier, see {@link subjectRef}. */
  readonly subjectRef?: string;
  readonly outcome: AuditOutcome;
  /** `sha-256:<base64url>` of the signed payload bytes. */
  readonly payloadDigest?: string;
  /** `sha-256:<base64url>` of the detached signature (JWS) of the message. */
  readonly signatureDigest?: string;
  /** W3C trace id (32 lower-case hex). */
  readonly traceId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Names of the record fields disclosed after minimisation (never their values). */
  readonly fields?: readonly string[];
  /** When the producer observed the event, RFC 3339 UTC. */
  readonly time: string;
  /** Only in records of type {@link AUDIT_QUERY_TYPE}, which only AUDIT/log writes. */
  readonly query?: AuditQuery;
}

/**
 * The leaf of the log: a record as the audit service sequenced it. `seq` (its position) is inside
 * the signed bytes so that moving a record is told apart from altering it; `loggedAt` is the
 * service's clock and never decreases along the log.
 */
export interface AuditLogEntry {
  readonly v: 1;
  readonly seq: number;
  readonly loggedAt: string;
  readonly record: AuditRecord;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;
const SUBSYSTEM = /^[a-z][a-z0-9-]{0,31}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const DIGEST = /^sha-(256|384|512):[A-Za-z0-9_-]{43,86}$/;
const SUBJECT_REF = /^hmac-sha256:[A-Za-z0-9_-]{43}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;
const FIELDS_MAX = 128;
const TEXT_MAX = 256;
const ENDPOINT = /^(GET|POST|PUT|DELETE) \/[A-Za-z0-9/{}._-]{1,160}$/;
const QUERY_ROLES: readonly string[] = ['auditor', 'operator', 'citizen'];
const FILTER_NAME = /^[a-z][a-zA-Z0-9]{0,31}$/;
const FILTERS_MAX = 16;
/** Most data subjects one query record names (the largest view of the audit API). */
export const AUDIT_QUERY_SUBJECTS_MAX = 1000;

type Json = Record<string, unknown>;

function invalid(message: string): AuditLogError {
  return new AuditLogError('AUDIT_RECORD_INVALID', message);
}

function asObject(value: unknown, path: string, keys: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path} must be an object`);
  }
  const extra = Object.keys(value).filter((key) => !keys.includes(key));
  if (extra.length > 0) {
    // Unknown members are refused so that nothing (a payload, a plain id) rides along unchecked.
    throw invalid(`${path} has unknown members: ${extra.join(', ')}`);
  }
  return value as Json;
}

function text(obj: Json, key: string, path: string, pattern?: RegExp, max = TEXT_MAX): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw invalid(`${path}.${key} must be a non-empty string of at most ${max} characters`);
  }
  if (pattern && !pattern.test(value)) {
    throw invalid(`${path}.${key} has the wrong format`);
  }
  return value;
}

function optionalText(
  obj: Json,
  key: string,
  path: string,
  pattern?: RegExp,
  max = TEXT_MAX,
): string | undefined {
  return obj[key] === undefined ? undefined : text(obj, key, path, pattern, max);
}

function fieldNames(value: unknown, path: string): string[] {
  if (
    !Array.isArray(value) ||
    value.length > FIELDS_MAX ||
    !value.every((name) => typeof name === 'string' && FIELD_NAME.test(name))
  ) {
    throw invalid(`${path} must be at most ${FIELDS_MAX} field names`);
  }
  return [...(value as string[])];
}

function time(obj: Json, key: string, path: string): string {
  const value = text(obj, key, path, UTC_TIME);
  if (Number.isNaN(Date.parse(value))) {
    throw invalid(`${path}.${key} is not a valid time`);
  }
  return value;
}

function party(value: unknown, path: string): AuditParty {
  const obj = asObject(value, path, ['member', 'subsystem']);
  return {
    member: text(obj, 'member', path, MEMBER),
    subsystem: text(obj, 'subsystem', path, SUBSYSTEM),
  };
}

function purpose(value: unknown, path: string): AuditPurpose {
  const obj = asObject(value, path, ['procedure', 'legalBasis', 'caseId']);
  const caseId = optionalText(obj, 'caseId', path, undefined, 128);
  return {
    procedure: text(obj, 'procedure', path, undefined, 64),
    legalBasis: text(obj, 'legalBasis', path),
    ...(caseId !== undefined ? { caseId } : {}),
  };
}

function outcome(value: unknown, path: string): AuditOutcome {
  const obj = asObject(value, path, ['status', 'code']);
  if (obj.status === 'accepted' && obj.code === undefined) {
    return { status: 'accepted' };
  }
  if (obj.status === 'refused') {
    return { status: 'refused', code: text(obj, 'code', path, ERROR_CODE) };
  }
  throw invalid(`${path} must be {status:"accepted"} or {status:"refused", code}`);
}

function filters(value: unknown, path: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path} must be an object`);
  }
  const entries = Object.entries(value);
  if (entries.length > FILTERS_MAX) {
    throw invalid(`${path} has more than ${FILTERS_MAX} filters`);
  }
  const clean: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (!FILTER_NAME.test(name) || typeof text !== 'string' || text.length > TEXT_MAX) {
      throw invalid(`${path}.${name} must be a filter name with a text of at most ${TEXT_MAX}`);
    }
    clean[name] = text;
  }
  return clean;
}

function subjectRefs(value: unknown, path: string): string[] {
  if (
    !Array.isArray(value) ||
    value.length > AUDIT_QUERY_SUBJECTS_MAX ||
    !value.every((ref) => typeof ref === 'string' && SUBJECT_REF.test(ref)) ||
    new Set(value).size !== value.length
  ) {
    throw invalid(
      `${path} must be at most ${AUDIT_QUERY_SUBJECTS_MAX} distinct subject references`,
    );
  }
  return [...(value as string[])];
}

function query(value: unknown, path: string): AuditQuery {
  const obj = asObject(value, path, [
    'endpoint',
    'role',
    'agency',
    'actorRef',
    'filters',
    'returned',
    'subjects',
  ]);
  const role = obj.role;
  if (role !== undefined && (typeof role !== 'string' || !QUERY_ROLES.includes(role))) {
    throw invalid(`${path}.role must be one of ${QUERY_ROLES.join(', ')}`);
  }
  const returned = obj.returned;
  if (typeof returned !== 'number' || !Number.isSafeInteger(returned) || returned < 0) {
    throw invalid(`${path}.returned must be a non-negative integer`);
  }
  const agency = optionalText(obj, 'agency', path, undefined, 64);
  const actorRef = optionalText(obj, 'actorRef', path, SUBJECT_REF);
  return {
    endpoint: text(obj, 'endpoint', path, ENDPOINT, 168),
    ...(role !== undefined ? { role: role as AuditQueryRole } : {}),
    ...(agency !== undefined ? { agency } : {}),
    ...(actorRef !== undefined ? { actorRef } : {}),
    filters: filters(obj.filters, `${path}.filters`),
    returned,
    ...(obj.subjects !== undefined
      ? { subjects: subjectRefs(obj.subjects, `${path}.subjects`) }
      : {}),
  };
}

const isAuditLog = (party: AuditParty) =>
  party.member === AUDIT_LOG_IDENTITY.member && party.subsystem === AUDIT_LOG_IDENTITY.subsystem;

/**
 * A query record is the audit service's own: of its type, written by AUDIT/log about no other
 * party. No agency can pass one off on the bus (the bus schema has no `query`, and the recorder
 * of a record must be its sender or recipient), so a citizen's list of who viewed their entries
 * holds only what the log itself wrote.
 */
function assertQueryRecord(record: AuditRecord, path: string): void {
  const isQuery = record.type === AUDIT_QUERY_TYPE;
  if (isQuery !== (record.query !== undefined)) {
    throw invalid(`${path}.query is required for type ${AUDIT_QUERY_TYPE} and refused otherwise`);
  }
  if (
    isQuery &&
    (!isAuditLog(record.sender) ||
      record.recipient !== undefined ||
      (record.recorder !== undefined && !isAuditLog(record.recorder)))
  ) {
    throw invalid(`${path} of type ${AUDIT_QUERY_TYPE} must be sent by AUDIT/log to nobody`);
  }
}

const RECORD_KEYS = [
  'recordId',
  'messageId',
  'type',
  'sender',
  'recipient',
  'recorder',
  'purpose',
  'officer',
  'subjectRef',
  'outcome',
  'payloadDigest',
  'signatureDigest',
  'traceId',
  'correlationId',
  'causationId',
  'fields',
  'time',
  'query',
] as const;

/**
 * Checks an untrusted value is an {@link AuditRecord} (the rules of
 * schemas/audit/audit-record/v1.schema.json); returns a clean copy or throws AUDIT_RECORD_INVALID.
 */
export function parseAuditRecord(value: unknown, path = 'record'): AuditRecord {
  const obj = asObject(value, path, RECORD_KEYS);
  const optional: Record<string, unknown> = {
    recipient: obj.recipient === undefined ? undefined : party(obj.recipient, `${path}.recipient`),
    recorder: obj.recorder === undefined ? undefined : party(obj.recorder, `${path}.recorder`),
    purpose: obj.purpose === undefined ? undefined : purpose(obj.purpose, `${path}.purpose`),
    officer: optionalText(obj, 'officer', path, undefined, 128),
    subjectRef: optionalText(obj, 'subjectRef', path, SUBJECT_REF),
    payloadDigest: optionalText(obj, 'payloadDigest', path, DIGEST),
    signatureDigest: optionalText(obj, 'signatureDigest', path, DIGEST),
    traceId: optionalText(obj, 'traceId', path, TRACE_ID),
    correlationId: optionalText(obj, 'correlationId', path, UUID),
    causationId: optionalText(obj, 'causationId', path, UUID),
    fields: obj.fields === undefined ? undefined : fieldNames(obj.fields, `${path}.fields`),
    query: obj.query === undefined ? undefined : query(obj.query, `${path}.query`),
  };
  const record: AuditRecord = {
    recordId: text(obj, 'recordId', path, UUID),
    messageId: text(obj, 'messageId', path, UUID),
    type: text(obj, 'type', path, undefined, 160),
    sender: party(obj.sender, `${path}.sender`),
    outcome: outcome(obj.outcome, `${path}.outcome`),
    time: time(obj, 'time', path),
    ...(Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined),
    ) as Partial<AuditRecord>),
  };
  assertQueryRecord(record, path);
  return record;
}

/** Checks an untrusted value is an {@link AuditLogEntry} (a leaf as exported). */
export function parseAuditLogEntry(value: unknown): AuditLogEntry {
  const obj = asObject(value, 'entry', ['v', 'seq', 'loggedAt', 'record']);
  if (obj.v !== 1) {
    throw invalid('entry.v must be 1');
  }
  if (typeof obj.seq !== 'number' || !Number.isSafeInteger(obj.seq) || obj.seq < 0) {
    throw invalid('entry.seq must be a non-negative integer');
  }
  return {
    v: 1,
    seq: obj.seq,
    loggedAt: time(obj, 'loggedAt', 'entry'),
    record: parseAuditRecord(obj.record, 'entry.record'),
  };
}

/** The leaf bytes of an entry: RFC 8785 canonical JSON, UTF-8. */
export function canonicalEntry(entry: AuditLogEntry): string {
  return canonicalText(entry);
}

/** Parses leaf bytes back into an entry; throws AUDIT_RECORD_INVALID when they are not one. */
export function parseCanonicalEntry(canonical: string): AuditLogEntry {
  let value: unknown;
  try {
    value = JSON.parse(canonical);
  } catch (cause) {
    throw new AuditLogError('AUDIT_RECORD_INVALID', 'entry is not JSON', { cause });
  }
  return parseAuditLogEntry(value);
}

// HMAC with a raw key builds a secret KeyObject per call, eight times the cost of the HMAC itself;
// the key is an adapter's constant, so its KeyObject is made once
const subjectKeys = new WeakMap<Uint8Array, KeyObject>();

function subjectKeyObject(key: Uint8Array): KeyObject {
  let secret = subjectKeys.get(key);
  if (!secret) {
    if (key.length < 32) {
      throw invalid('the subject key must have at least 256 bits');
    }
    secret = createSecretKey(key);
    subjectKeys.set(key, secret);
  }
  return secret;
}

/**
 * Keyed hash of a data subject's identifier, e.g. `subjectRef(key, 'cccd', '001099012345')`:
 * `hmac-sha256:` + base64url(HMAC-SHA256(key, scheme ":" id)). Without the key the identifier
 * cannot be guessed by hashing the (small) space of citizen numbers; with it, the data-subject
 * access log can still be searched.
 */
export function subjectRef(key: Uint8Array, scheme: string, id: string): string {
  const secret = subjectKeyObject(key);
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(scheme) || id.length === 0) {
    throw invalid('subject scheme must be a lower-case token and the id non-empty');
  }
  return `hmac-sha256:${createHmac('sha256', secret).update(`${scheme}:${id}`).digest('base64url')}`;
}
