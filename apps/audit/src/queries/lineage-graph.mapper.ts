import type { AuditOutcome, AuditParty, AuditPurpose, AuditRecord } from '@lienthong/audit-log';
import type { LoggedRecord } from './audit-record.queries';

/** What a hop carries, from its message type. */
export type HopKind = 'request' | 'reply' | 'event' | 'document' | 'status' | 'audit' | 'other';

/**
 * Whether the receiving side checked the hop's signature: `verified` when it accepted the message
 * or refused it for a reason checked after the signature; `failed` when it refused the signature
 * or the signer's certificate or identity; `unconfirmed` when no record of the receiving side is
 * in the log (yet).
 */
export type SignatureCheck = 'verified' | 'failed' | 'unconfirmed';

/** An agency system that sent or received a hop. */
export interface LineageNode {
  /** `MEMBER/subsystem`. */
  readonly id: string;
  readonly member: string;
  readonly subsystem: string;
}

/**
 * One record about a hop's message, and who wrote it: the sender, or the receiving side (the
 * recipient, or a subscriber of an event); absent for a record older than the `recorder` field.
 */
export interface HopRecord {
  readonly recordId: string;
  readonly seq: number;
  readonly loggedAt: string;
  readonly time: string;
  readonly recorder?: string;
  readonly recordedBy?: 'sender' | 'receiver';
  readonly outcome: AuditOutcome;
  readonly officer?: string;
  readonly purpose?: AuditPurpose;
  readonly fields?: readonly string[];
  readonly payloadDigest?: string;
  readonly signatureDigest?: string;
}

/** One message between two systems: an edge of the graph. */
export interface LineageHop {
  readonly messageId: string;
  readonly type: string;
  readonly kind: HopKind;
  /** The sender: the system whose signature the message carries. */
  readonly from: string;
  readonly to?: string;
  /** When the first record about it was written. */
  readonly time: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly signer: string;
  readonly signatureCheck: SignatureCheck;
  /** `accepted`, or the code it was refused with. */
  readonly outcome: string;
  readonly records: HopRecord[];
}

/** The lineage of a message, a conversation or a case as a graph of agencies and hops. */
export interface LineageGraph {
  readonly nodes: LineageNode[];
  /** In time order. */
  readonly hops: LineageHop[];
}

/** Refusals that say the signature, its certificate or the signer's identity did not hold. */
const SIGNATURE_CODES = new Set([
  'ENVELOPE_TOO_LARGE',
  'ENVELOPE_SIGNATURE_MISSING',
  'ENVELOPE_JWS_TYPE_INVALID',
  'ENVELOPE_SENDER_MISMATCH',
]);

/** Whether a refusal code means the signature check itself failed. */
export function isSignatureFailure(code: string): boolean {
  return SIGNATURE_CODES.has(code) || code.startsWith('PKI_');
}

const TYPE = /^urn:lienthong:([a-z][a-z0-9-]*):([a-z][a-z0-9-]*):[0-9]+$/;

/** What a message type carries: a look-up request or reply, an event, a document, a status. */
export function hopKind(type: string): HopKind {
  const [, domain, name] = TYPE.exec(type) ?? [];
  if (domain === undefined || name === undefined) {
    return 'other';
  }
  if (domain === 'events') {
    return 'event';
  }
  if (domain === 'documents') {
    return name === 'edoc' ? 'document' : name === 'status' ? 'status' : 'other';
  }
  if (domain === 'audit') {
    return 'audit';
  }
  if (name.endsWith('-request')) {
    return 'request';
  }
  if (name.endsWith('-response') || (domain === 'bus' && name === 'error')) {
    return 'reply';
  }
  return 'other';
}

const partyId = (p: AuditParty) => `${p.member}/${p.subsystem}`;

/** Which side wrote a record: its recorder is the sender, or someone who received the message. */
function sideOf(record: AuditRecord): HopRecord['recordedBy'] {
  if (record.recorder === undefined) {
    return undefined;
  }
  return partyId(record.recorder) === partyId(record.sender) ? 'sender' : 'receiver';
}

function toHopRecord(logged: LoggedRecord): HopRecord {
  const { record } = logged;
  const side = sideOf(record);
  return {
    recordId: record.recordId,
    seq: logged.seq,
    loggedAt: logged.loggedAt,
    time: record.time,
    ...(record.recorder ? { recorder: partyId(record.recorder) } : {}),
    ...(side ? { recordedBy: side } : {}),
    outcome: record.outcome,
    ...(record.officer ? { officer: record.officer } : {}),
    ...(record.purpose ? { purpose: record.purpose } : {}),
    ...(record.fields ? { fields: record.fields } : {}),
    ...(record.payloadDigest ? { payloadDigest: record.payloadDigest } : {}),
    ...(record.signatureDigest ? { signatureDigest: record.signatureDigest } : {}),
  };
}

/** The hop's verdict from all records about it: a refusal wins over acceptance. */
function verdict(records: readonly HopRecord[]): Pick<LineageHop, 'signatureCheck' | 'outcome'> {
  const refusals = records.flatMap((r) => (r.outcome.status === 'refused' ? [r.outcome.code] : []));
  const failed = refusals.find(isSignatureFailure);
  if (failed !== undefined) {
    return { signatureCheck: 'failed', outcome: failed };
  }
  const [refused] = refusals;
  if (refused !== undefined) {
    return { signatureCheck: 'verified', outcome: refused };
  }
  const received = records.some((r) => r.recordedBy === 'receiver');
  return { signatureCheck: received ? 'verified' : 'unconfirmed', outcome: 'accepted' };
}

/**
 * Arranges records as a graph: one node per agency system, one hop per message (with every
 * record agencies wrote about it), hops in the order their first record was written. The audit
 * service's own query records are not hops between agencies and are left out.
 */
export function buildLineageGraph(records: readonly LoggedRecord[]): LineageGraph {
  const byMessage = new Map<string, LoggedRecord[]>();
  for (const logged of records) {
    if (logged.record.query !== undefined) {
      continue;
    }
    const list = byMessage.get(logged.record.messageId) ?? [];
    list.push(logged);
    byMessage.set(logged.record.messageId, list);
  }
  const nodes = new Map<string, LineageNode>();
  const node = (p: AuditParty) => {
    const id = partyId(p);
    nodes.set(id, { id, member: p.member, subsystem: p.subsystem });
    return id;
  };
  const hops = [...byMessage.entries()].map(([messageId, list]): LineageHop => {
    const [first] = list;
    const { record } = first;
    const hopRecords = list.map(toHopRecord).sort((a, b) => a.seq - b.seq);
    const time = hopRecords.map((r) => r.time).sort()[0] ?? record.time;
    return {
      messageId,
      type: record.type,
      kind: hopKind(record.type),
      from: node(record.sender),
      ...(record.recipient ? { to: node(record.recipient) } : {}),
      time,
      ...(record.correlationId ? { correlationId: record.correlationId } : {}),
      ...(record.causationId ? { causationId: record.causationId } : {}),
      signer: partyId(record.sender),
      ...verdict(hopRecords),
      records: hopRecords,
    };
  });
  hops.sort(
    (a, b) => a.time.localeCompare(b.time) || (a.records[0]?.seq ?? 0) - (b.records[0]?.seq ?? 0),
  );
  return { nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)), hops };
}
