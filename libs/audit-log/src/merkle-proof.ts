import { type GetNode, type NodeId, hashRange, nodeHash, rangeNodes, splitPoint } from './merkle';
import { AuditLogError } from './audit-log.errors';

/** A leaf range `[start, end)` whose MTH is one element of a proof. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

function assertSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AuditLogError('AUDIT_PROOF_RANGE_INVALID', `${what} ${value} is not a size`);
  }
}

function pathRanges(index: number, start: number, end: number, out: LeafRange[]): void {
  if (end - start <= 1) {
    return;
  }
  const k = start + splitPoint(end - start);
  if (index < k) {
    pathRanges(index, start, k, out);
    out.push({ start: k, end });
  } else {
    pathRanges(index, k, end, out);
    out.push({ start, end: k });
  }
}

/** The ranges whose hashes form the inclusion proof of leaf `index` in a tree of `size` (RFC 6962 PATH). */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  assertSize(index, 'leaf index');
  assertSize(size, 'tree size');
  if (index >= size) {
    throw new AuditLogError(
      'AUDIT_PROOF_RANGE_INVALID',
      `leaf ${index} is not in a tree of ${size}`,
    );
  }
  const out: LeafRange[] = [];
  pathRanges(index, 0, size, out);
  return out;
}

function subproofRanges(m: number, start: number, end: number, whole: boolean, out: LeafRange[]) {
  if (m === end - start) {
    if (!whole) {
      out.push({ start, end });
    }
    return;
  }
  const k = splitPoint(end - start);
  if (m <= k) {
    subproofRanges(m, start, start + k, whole, out);
    out.push({ start: start + k, end });
  } else {
    subproofRanges(m - k, start + k, end, false, out);
    out.push({ start, end: start + k });
  }
}

/** The ranges whose hashes form the consistency proof from size `m` to size `n` (RFC 6962 SUBPROOF). */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  assertSize(m, 'old size');
  assertSize(n, 'new size');
  if (m > n) {
    throw new AuditLogError('AUDIT_PROOF_RANGE_INVALID', `old size ${m} exceeds new size ${n}`);
  }
  const out: LeafRange[] = [];
  if (m > 0 && m < n) {
    subproofRanges(m, 0, n, true, out);
  }
  return out;
}

/** Every complete subtree a store must read to answer proofs over `ranges` (one batched query). */
export function nodesForRanges(ranges: readonly LeafRange[]): NodeId[] {
  return ranges.flatMap((range) => rangeNodes(range.start, range.end));
}

/** Inclusion proof of leaf `index` in the tree of `size` leaves, bottom-up (RFC 9162 §2.1.3.1). */
export function inclusionProof(index: number, size: number, getNode: GetNode): Buffer[] {
  return inclusionRanges(index, size).map((r) => hashRange(r.start, r.end, getNode));
}

/** Consistency proof between the trees of `m` and `n` leaves (RFC 9162 §2.1.4.1). */
export function consistencyProof(m: number, n: number, getNode: GetNode): Buffer[] {
  return consistencyRanges(m, n).map((r) => hashRange(r.start, r.end, getNode));
}

const isOdd = (value: number): boolean => value % 2 === 1;
const half = (value: number): number => Math.floor(value / 2);

// Arithmetic instead of bitwise operators: sizes may exceed 2^31.
function isPowerOfTwo(value: number): boolean {
  let v = value;
  while (v > 1 && v % 2 === 0) {
    v /= 2;
  }
  return v === 1;
}

/**
 * RFC 9162 §2.1.3.2: true when `proof` leads from `leaf` (a leaf hash) at `index` to `root` of a
 * tree of `size` leaves. Never throws on hostile input; a wrong proof is simply `false`.
 */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) {
      return false;
    }
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/**
 * RFC 9162 §2.1.4.2: true when `proof` shows the tree of `m` leaves with root `rootM` is a
 * prefix of the tree of `n` leaves with root `rootN` (the log only appended in between).
 */
export function verifyConsistency(
  m: number,
  n: number,
  rootM: Buffer,
  rootN: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) {
    return false;
  }
  if (m === n) {
    return proof.length === 0 && rootM.equals(rootN);
  }
  if (m === 0) {
    // The empty tree is a prefix of every tree; nothing to prove.
    return proof.length === 0;
  }
  if (proof.length === 0) {
    return false;
  }
  const path = isPowerOfTwo(m) ? [rootM, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) {
      return false;
    }
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(rootM) && sr.equals(rootN);
}
