import type { AuditOutcome, AuditParty, AuditPurpose } from '@lienthong/audit-log';
import type { LoggedRecord } from './audit-record.queries';

/** What one agency recorded about a message. */
export interface LineageRecord {
  readonly recordId: string;
  readonly seq: number;
  /**
   * Who recorded it: e.g. each subscriber that received and applied an event (absent in records
   * of adapters older than the field, whose recorder was the message's sender or recipient).
   */
  readonly recorder?: AuditParty;
  readonly outcome: AuditOutcome;
  readonly time: string;
  readonly loggedAt: string;
  readonly officer?: string;
  readonly purpose?: AuditPurpose;
  readonly fields?: readonly string[];
  readonly payloadDigest?: string;
  readonly signatureDigest?: string;
  readonly traceId?: string;
}

/** One message of a conversation, with the messages it caused. */
export interface LineageNode {
  readonly messageId: string;
  readonly type: string;
  readonly sender: AuditParty;
  readonly recipient?: AuditParty;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly records: LineageRecord[];
  readonly children: LineageNode[];
}

function toLineageRecord({ seq, loggedAt, record }: LoggedRecord): LineageRecord {
  return {
    recordId: record.recordId,
    seq,
    ...(record.recorder ? { recorder: record.recorder } : {}),
    outcome: record.outcome,
    time: record.time,
    loggedAt,
    ...(record.officer ? { officer: record.officer } : {}),
    ...(record.purpose ? { purpose: record.purpose } : {}),
    ...(record.fields ? { fields: record.fields } : {}),
    ...(record.payloadDigest ? { payloadDigest: record.payloadDigest } : {}),
    ...(record.signatureDigest ? { signatureDigest: record.signatureDigest } : {}),
    ...(record.traceId ? { traceId: record.traceId } : {}),
  };
}

/**
 * Arranges records into the causation tree of their messages: one node per message id (all the
 * records agencies wrote about it), children are the messages whose causation id names it.
 * Messages whose cause is absent from the records are roots; siblings are in log order.
 */
export function buildLineage(records: readonly LoggedRecord[]): LineageNode[] {
  const nodes = new Map<string, LineageNode>();
  for (const logged of records) {
    const { record } = logged;
    let node = nodes.get(record.messageId);
    if (node === undefined) {
      node = {
        messageId: record.messageId,
        type: record.type,
        sender: record.sender,
        ...(record.recipient ? { recipient: record.recipient } : {}),
        ...(record.correlationId ? { correlationId: record.correlationId } : {}),
        ...(record.causationId ? { causationId: record.causationId } : {}),
        records: [],
        children: [],
      };
      nodes.set(record.messageId, node);
    }
    node.records.push(toLineageRecord(logged));
  }
  const roots: LineageNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.causationId === undefined ? undefined : nodes.get(node.causationId);
    // A message cannot cause itself; such a record is shown as a root rather than lost.
    if (parent !== undefined && parent !== node) {
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}
