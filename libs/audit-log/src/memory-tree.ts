import { type GetNode, MerkleFrontier, type NodeId, type TreeNode, rootAt } from './merkle';
import { consistencyProof, inclusionProof } from './merkle-proof';
import { AuditLogError } from './audit-log.errors';

/**
 * Read access to the complete subtrees of a log, batched: a store answers one query for all
 * the nodes a root or proof needs. Implemented in memory here and by the PostgreSQL store.
 */
export interface SubtreeStore {
  /** Number of leaves in the log. */
  readonly size: number | Promise<number>;
  /** Hashes of the given complete subtrees, in the order asked. */
  getNodes(ids: readonly NodeId[]): Buffer[] | Promise<Buffer[]>;
}

/**
 * The whole tree in RAM: every complete subtree hash, by level. For tests, offline tools and
 * small logs; the PostgreSQL store persists the same nodes.
 */
export class MemoryTree implements SubtreeStore {
  private readonly levels: Buffer[][] = [];
  private readonly frontier = MerkleFrontier.empty();

  /** Number of leaves appended. */
  get size(): number {
    return this.frontier.size;
  }

  /** Appends a leaf hash; returns the complete subtrees it created. */
  append(leaf: Buffer): TreeNode[] {
    const created = this.frontier.append(leaf);
    for (const node of created) {
      (this.levels[node.level] ??= [])[node.index] = node.hash;
    }
    return created;
  }

  /** Hash of a complete subtree; throws when that subtree is not complete yet. */
  readonly getNode: GetNode = (level, index) => {
    const hash = this.levels[level]?.[index];
    if (hash === undefined) {
      throw new AuditLogError(
        'AUDIT_PROOF_RANGE_INVALID',
        `subtree (${level}, ${index}) is not complete in a tree of ${this.size}`,
      );
    }
    return hash;
  };

  /** Hashes of the given complete subtrees. */
  getNodes(ids: readonly NodeId[]): Buffer[] {
    return ids.map((id) => this.getNode(id.level, id.index));
  }

  /** Root of the tree of the first `size` leaves (default: all). */
  root(size: number = this.size): Buffer {
    this.assertWithin(size);
    return rootAt(size, this.getNode);
  }

  /** Inclusion proof of leaf `index` in the tree of `size` leaves (default: all). */
  inclusionProof(index: number, size: number = this.size): Buffer[] {
    this.assertWithin(size);
    return inclusionProof(index, size, this.getNode);
  }

  /** Consistency proof from the tree of `m` leaves to the tree of `n` leaves (default: all). */
  consistencyProof(m: number, n: number = this.size): Buffer[] {
    this.assertWithin(n);
    return consistencyProof(m, n, this.getNode);
  }

  private assertWithin(size: number): void {
    if (size > this.size) {
      throw new AuditLogError(
        'AUDIT_PROOF_RANGE_INVALID',
        `tree size ${size} exceeds the log size ${this.size}`,
      );
    }
  }
}
