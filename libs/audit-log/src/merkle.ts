import { createHash } from 'node:crypto';

/** Size in bytes of every hash in the log (SHA-256, RFC 6962 §2.1). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** One complete subtree of the log: `2^level` leaves starting at leaf `index * 2^level`. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A complete subtree and its hash, as a store persists it. */
export interface TreeNode extends NodeId {
  readonly hash: Buffer;
}

/** Reads the hash of a complete subtree; stores answer from disk, {@link MemoryTree} from RAM. */
export type GetNode = (level: number, index: number) => Buffer;

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ leaf). The prefix stops a node passing for a leaf. */
export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** Root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/** Largest power of two strictly below `n` (n ≥ 2): the split point `k` of RFC 6962. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

/**
 * Decomposes the leaf range `[start, end)` into aligned complete subtrees, left to right. For the
 * ranges that occur in RFC 6962 trees (a left-balanced subtree) the greedy choice of the largest
 * aligned subtree reproduces the MTH recursion, so any root or proof needs only O(log n) nodes.
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) {
      level += 1;
    }
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** MTH(D[start:end]) from complete subtrees: the decomposition folded from the right. */
export function hashRange(start: number, end: number, getNode: GetNode): Buffer {
  if (end <= start) {
    return emptyRoot();
  }
  const nodes = rangeNodes(start, end);
  let acc = getNode(nodes[nodes.length - 1].level, nodes[nodes.length - 1].index);
  for (let i = nodes.length - 2; i >= 0; i -= 1) {
    acc = nodeHash(getNode(nodes[i].level, nodes[i].index), acc);
  }
  return acc;
}

/** Root hash of the tree of the first `size` leaves. */
export function rootAt(size: number, getNode: GetNode): Buffer {
  return hashRange(0, size, getNode);
}

/** The complete subtrees on the right edge of a tree of `size` leaves (what an append needs). */
export function frontierNodes(size: number): NodeId[] {
  return rangeNodes(0, size);
}

/**
 * The right edge of a growing tree: one hash per set bit of its size. Appending a leaf merges
 * equal-sized subtrees and reports every subtree it completes, which is exactly what a store
 * must persist; the root is available at any time in O(log n).
 */
export class MerkleFrontier {
  private readonly byLevel: (Buffer | undefined)[] = [];
  private count: number;

  private constructor(size: number) {
    this.count = size;
  }

  /** An empty frontier (tree of size 0). */
  static empty(): MerkleFrontier {
    return new MerkleFrontier(0);
  }

  /** Rebuilds the frontier of a tree of `size` leaves from its stored complete subtrees. */
  static fromNodes(size: number, getNode: GetNode): MerkleFrontier {
    const frontier = new MerkleFrontier(size);
    for (const node of frontierNodes(size)) {
      frontier.byLevel[node.level] = getNode(node.level, node.index);
    }
    return frontier;
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends one leaf hash; returns the complete subtrees this append created (leaf first). */
  append(leaf: Buffer): TreeNode[] {
    const created: TreeNode[] = [{ level: 0, index: this.count, hash: leaf }];
    let carry = leaf;
    let level = 0;
    let index = this.count;
    while (this.byLevel[level] !== undefined) {
      carry = nodeHash(this.byLevel[level] as Buffer, carry);
      this.byLevel[level] = undefined;
      level += 1;
      index = Math.floor(index / 2);
      created.push({ level, index, hash: carry });
    }
    this.byLevel[level] = carry;
    this.count += 1;
    return created;
  }

  /** Root of the tree of every leaf appended so far. */
  root(): Buffer {
    let acc: Buffer | undefined;
    for (const hash of this.byLevel) {
      if (hash !== undefined) {
        acc = acc === undefined ? hash : nodeHash(hash, acc);
      }
    }
    return acc ?? emptyRoot();
  }
}

/** Root of a tree built from the given leaf hashes, in order (RFC 6962 MTH). */
export function rootFromLeaves(leafHashes: Iterable<Buffer>): Buffer {
  const frontier = MerkleFrontier.empty();
  for (const leaf of leafHashes) {
    frontier.append(leaf);
  }
  return frontier.root();
}
