import { type EntityManager } from 'typeorm';
import {
  type GetNode,
  type LeafRange,
  type NodeId,
  AuditLogError,
  nodesForRanges,
} from '@lienthong/audit-log';
import { AuditStoreError } from './audit-store.errors';

const key = (level: number, index: number): string => `${level}:${index}`;

/**
 * Reads complete subtree hashes for roots and proofs in one round trip: level 0 from the records'
 * leaf hashes, higher levels from `audit_tree_node`.
 */
export async function readNodes(manager: EntityManager, ids: readonly NodeId[]): Promise<Buffer[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows: { ord: string; hash: Buffer | null }[] = await manager.query(
    `SELECT q.ord, coalesce(r.leaf_hash, n.hash) AS hash
       FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS q(level, idx, ord)
       LEFT JOIN audit_record r ON q.level = 0 AND r.seq = q.idx
       LEFT JOIN audit_tree_node n ON q.level > 0 AND n.level = q.level AND n.idx = q.idx
      ORDER BY q.ord`,
    [ids.map((id) => id.level), ids.map((id) => id.index)],
  );
  return rows.map((row, i) => {
    if (row.hash === null) {
      throw new AuditStoreError(
        'AUDIT_STORE_NODE_MISSING',
        `subtree (${ids[i].level}, ${ids[i].index}) is missing from the store`,
      );
    }
    return row.hash;
  });
}

/** A {@link GetNode} over the nodes needed for `ranges`, fetched at once. */
export async function nodeLookup(
  manager: EntityManager,
  ranges: readonly LeafRange[],
): Promise<GetNode> {
  const ids = nodesForRanges(ranges);
  const hashes = await readNodes(manager, ids);
  const byKey = new Map(ids.map((id, i) => [key(id.level, id.index), hashes[i]]));
  return (level, index) => {
    const hash = byKey.get(key(level, index));
    if (hash === undefined) {
      // Only reachable if the proof planner and the proof builder disagree: a programming error.
      throw new AuditLogError(
        'AUDIT_PROOF_RANGE_INVALID',
        `subtree (${level}, ${index}) was not planned`,
      );
    }
    return hash;
  };
}

/** Number of leaves in the log and the time of the last one (loggedAt never goes backwards). */
export async function readHead(
  manager: EntityManager,
): Promise<{ size: number; lastLoggedAt: Date | null }> {
  const rows: { seq: string; logged_at: Date }[] = await manager.query(
    `SELECT seq, logged_at FROM audit_record ORDER BY seq DESC LIMIT 1`,
  );
  return rows.length === 0
    ? { size: 0, lastLoggedAt: null }
    : { size: Number(rows[0].seq) + 1, lastLoggedAt: rows[0].logged_at };
}
