import { type EntityManager } from 'typeorm';
import {
  type AuditRecord,
  type TreeNode,
  MerkleFrontier,
  canonicalEntry,
  frontierNodes,
  leafHash,
} from '@lienthong/audit-log';
import { readHead, readNodes } from './audit-tree.reader';

/** One record about to be inserted at `seq`. */
export interface PlannedRow {
  readonly seq: number;
  readonly record: AuditRecord;
  readonly entry: string;
  readonly leaf: Buffer;
  readonly loggedAt: Date;
}

/** Everything one append writes, computed in memory before any INSERT. */
export interface AppendPlan {
  readonly rows: readonly PlannedRow[];
  /** Subtrees of level ≥ 1 completed by this append. */
  readonly nodes: readonly TreeNode[];
  readonly duplicates: readonly string[];
  readonly sizeAfter: number;
}

async function knownIds(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
  const rows: { record_id: string }[] = await manager.query(
    `SELECT record_id FROM audit_record WHERE record_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((row) => row.record_id));
}

function splitDuplicates(records: readonly AuditRecord[], known: Set<string>) {
  const fresh: AuditRecord[] = [];
  const duplicates: string[] = [];
  const seen = new Set(known);
  for (const record of records) {
    if (seen.has(record.recordId)) {
      duplicates.push(record.recordId);
    } else {
      seen.add(record.recordId);
      fresh.push(record);
    }
  }
  return { fresh, duplicates };
}

/**
 * Plans an append under the writer lock: drops ids already logged, numbers the rest from the
 * current size, and extends the right edge of the tree to get every new subtree hash.
 */
export async function planAppend(
  manager: EntityManager,
  records: readonly AuditRecord[],
  now: Date,
): Promise<AppendPlan> {
  const known = await knownIds(
    manager,
    records.map((record) => record.recordId),
  );
  const { fresh, duplicates } = splitDuplicates(records, known);
  const head = await readHead(manager);
  const edge = frontierNodes(head.size);
  const edgeHashes = await readNodes(manager, edge);
  const byLevel = new Map(edge.map((node, i) => [node.level, edgeHashes[i]]));
  const frontier = MerkleFrontier.fromNodes(head.size, (level) => byLevel.get(level) as Buffer);
  // Never before the previous entry, so loggedAt is monotonic along the log even if the clock steps back.
  const loggedAt = new Date(Math.max(now.getTime(), head.lastLoggedAt?.getTime() ?? 0));
  const rows: PlannedRow[] = [];
  const nodes: TreeNode[] = [];
  for (const record of fresh) {
    const seq = frontier.size;
    const entry = canonicalEntry({ v: 1, seq, loggedAt: loggedAt.toISOString(), record });
    const leaf = leafHash(Buffer.from(entry, 'utf8'));
    nodes.push(...frontier.append(leaf).filter((node) => node.level > 0));
    rows.push({ seq, record, entry, leaf, loggedAt });
  }
  return { rows, nodes, duplicates, sizeAfter: frontier.size };
}

const party = (p: { member: string; subsystem: string } | undefined): string | null =>
  p === undefined ? null : `${p.member}/${p.subsystem}`;

/** Inserts a plan's records and subtree hashes with two array-bound statements. */
export async function insertPlan(manager: EntityManager, plan: AppendPlan): Promise<void> {
  if (plan.rows.length === 0) {
    return;
  }
  const column = <T>(pick: (row: PlannedRow) => T): T[] => plan.rows.map(pick);
  await manager.query(
    `INSERT INTO audit_record (seq, record_id, leaf_hash, entry, message_id, correlation_id,
       subject_ref, sender, recipient, outcome, record_time, logged_at, record_type,
       record_procedure)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::bytea[], $4::text[], $5::text[],
       $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[],
       $12::timestamptz[], $13::text[], $14::text[])`,
    [
      column((r) => r.seq),
      column((r) => r.record.recordId),
      column((r) => r.leaf),
      column((r) => r.entry),
      column((r) => r.record.messageId),
      column((r) => r.record.correlationId ?? null),
      column((r) => r.record.subjectRef ?? null),
      column((r) => party(r.record.sender)),
      column((r) => party(r.record.recipient)),
      column((r) => (r.record.outcome.status === 'accepted' ? 'accepted' : r.record.outcome.code)),
      column((r) => r.record.time),
      column((r) => r.loggedAt),
      column((r) => r.record.type),
      column((r) => r.record.purpose?.procedure ?? null),
    ],
  );
  if (plan.nodes.length > 0) {
    await manager.query(
      `INSERT INTO audit_tree_node (level, idx, hash)
       SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
      [
        plan.nodes.map((n) => n.level),
        plan.nodes.map((n) => n.index),
        plan.nodes.map((n) => n.hash),
      ],
    );
  }
}
