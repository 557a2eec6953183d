import {
  MemoryTree,
  MerkleFrontier,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  nodeHash,
  rootFromLeaves,
  verifyConsistency,
  verifyInclusion,
} from '@lienthong/audit-log';

// Inputs and roots of the certificate-transparency reference test vectors (RFC 6962).
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657'].concat([
  '606162636465666768696a6b6c6d6e6f',
]);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const hex = (b: Buffer): string => b.toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');

/** Reference MTH straight from the RFC 6962 recursion, to compare the subtree store against. */
function naiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) {
    return emptyRoot();
  }
  if (leaves.length === 1) {
    return leaves[0];
  }
  let k = 1;
  while (k * 2 < leaves.length) {
    k *= 2;
  }
  return nodeHash(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

function treeOf(size: number): { sut: MemoryTree; leaves: Buffer[] } {
  const sut = new MemoryTree();
  const leaves: Buffer[] = [];
  for (let i = 0; i < size; i += 1) {
    const leaf = leafHash(Buffer.from(`leaf-${i}`));
    leaves.push(leaf);
    sut.append(leaf);
  }
  return { sut, leaves };
}

function flipByte(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer);
  copy[copy.length - 1] ^= 0x01;
  return copy;
}

describe('MemoryTree', () => {
  it('reproduces the RFC 6962 reference roots for sizes 0 to 8', () => {
    const sut = new MemoryTree();
    expect(hex(sut.root())).toBe(CT_ROOTS[0]);
    CT_LEAVES.forEach((leaf, i) => {
      sut.append(leafHash(unhex(leaf)));
      expect(hex(sut.root())).toBe(CT_ROOTS[i + 1]);
    });
    for (let size = 0; size <= 8; size += 1) {
      expect(hex(sut.root(size))).toBe(CT_ROOTS[size]);
    }
  });

  it('reproduces the reference inclusion and consistency proofs', () => {
    const sut = new MemoryTree();
    CT_LEAVES.forEach((leaf) => sut.append(leafHash(unhex(leaf))));
    expect(sut.inclusionProof(0, 8).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(sut.inclusionProof(5, 8).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(sut.consistencyProof(1, 8).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(sut.consistencyProof(6, 8).map(hex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(sut.consistencyProof(2, 5).map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });

  it('agrees with the naive recursion and the streaming frontier for every size up to 64', () => {
    const { sut, leaves } = treeOf(64);
    for (let size = 0; size <= 64; size += 1) {
      const expected = naiveRoot(leaves.slice(0, size));
      expect(sut.root(size).equals(expected)).toBe(true);
      expect(rootFromLeaves(leaves.slice(0, size)).equals(expected)).toBe(true);
    }
    const rebuilt = MerkleFrontier.fromNodes(37, sut.getNode);
    expect(rebuilt.root().equals(sut.root(37))).toBe(true);
  });
});

/** Code of the error `fn` throws, or undefined when it does not throw. */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** Every alteration of an inclusion proof that verified, as readable labels (expected: none). */
function forgedInclusions(
  leaf: Buffer,
  index: number,
  size: number,
  proof: Buffer[],
  root: Buffer,
) {
  const accepted: string[] = [];
  const attempt = (label: string, ok: boolean) => ok && accepted.push(`${index}/${size} ${label}`);
  attempt('leaf', verifyInclusion(flipByte(leaf), index, size, proof, root));
  attempt('root', verifyInclusion(leaf, index, size, proof, flipByte(root)));
  attempt('extra', verifyInclusion(leaf, index, size, [...proof, root], root));
  if (size > 1) {
    attempt('index', verifyInclusion(leaf, (index + 1) % size, size, proof, root));
    attempt('short', verifyInclusion(leaf, index, size, proof.slice(1), root));
    proof.forEach((_, i) => {
      const bad = proof.map((p, j) => (i === j ? flipByte(p) : p));
      attempt(`hash ${i}`, verifyInclusion(leaf, index, size, bad, root));
    });
  }
  return accepted;
}

/** Every alteration of a consistency proof that verified (expected: none). */
function forgedConsistencies(m: number, n: number, rootM: Buffer, rootN: Buffer, proof: Buffer[]) {
  const accepted: string[] = [];
  const attempt = (label: string, ok: boolean) => ok && accepted.push(`${m}->${n} ${label}`);
  attempt('old root', verifyConsistency(m, n, flipByte(rootM), rootN, proof));
  attempt('new root', verifyConsistency(m, n, rootM, flipByte(rootN), proof));
  attempt('short', verifyConsistency(m, n, rootM, rootN, proof.slice(0, -1)));
  attempt('old size', verifyConsistency(m - 1, n, rootM, rootN, proof));
  proof.forEach((_, i) => {
    const bad = proof.map((p, j) => (i === j ? flipByte(p) : p));
    attempt(`hash ${i}`, verifyConsistency(m, n, rootM, rootN, bad));
  });
  return accepted;
}

describe('inclusion proofs', () => {
  const { sut, leaves } = treeOf(64);

  it('verify for every (index, size) up to 64 and fail once any byte or position changes', () => {
    const rejected: string[] = [];
    const forged: string[] = [];
    for (let size = 1; size <= 64; size += 1) {
      const root = sut.root(size);
      for (let index = 0; index < size; index += 1) {
        const proof = inclusionProof(index, size, sut.getNode);
        if (!verifyInclusion(leaves[index], index, size, proof, root)) {
          rejected.push(`${index}/${size}`);
        }
        forged.push(...forgedInclusions(leaves[index], index, size, proof, root));
      }
    }
    expect(rejected).toEqual([]);
    expect(forged).toEqual([]);
  });

  it('rejects indices outside the tree', () => {
    expect(verifyInclusion(leaves[0], 5, 5, [], sut.root(5))).toBe(false);
    expect(verifyInclusion(leaves[0], -1, 5, [], sut.root(5))).toBe(false);
    expect(codeOf(() => sut.inclusionProof(5, 5))).toBe('AUDIT_PROOF_RANGE_INVALID');
    expect(codeOf(() => sut.inclusionProof(0, 65))).toBe('AUDIT_PROOF_RANGE_INVALID');
  });
});

describe('consistency proofs', () => {
  const { sut } = treeOf(64);

  it('verify for every m <= n <= 64 and fail once any hash changes', () => {
    const rejected: string[] = [];
    const forged: string[] = [];
    for (let n = 0; n <= 64; n += 1) {
      for (let m = 0; m <= n; m += 1) {
        const proof = consistencyProof(m, n, sut.getNode);
        if (!verifyConsistency(m, n, sut.root(m), sut.root(n), proof)) {
          rejected.push(`${m}->${n}`);
        }
        if (m > 0 && m < n) {
          forged.push(...forgedConsistencies(m, n, sut.root(m), sut.root(n), proof));
        }
      }
    }
    expect(rejected).toEqual([]);
    expect(forged).toEqual([]);
  });

  it('refuses a shrinking tree and a non-empty proof between equal sizes', () => {
    expect(verifyConsistency(5, 4, sut.root(5), sut.root(4), [])).toBe(false);
    expect(verifyConsistency(4, 4, sut.root(4), sut.root(4), [sut.root(4)])).toBe(false);
    expect(codeOf(() => sut.consistencyProof(5, 4))).toBe('AUDIT_PROOF_RANGE_INVALID');
  });
});
