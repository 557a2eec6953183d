import { MemoryTree, leafHash } from '@lienthong/audit-log';
import { judgeCheckpoint, missingConsistency, type WitnessedCheckpoint } from './witness-verdict';

const ORIGIN = 'lienthong.test/audit/log';
const tree = new MemoryTree();
const forked = new MemoryTree();
for (let i = 0; i < 12; i += 1) {
  tree.append(leafHash(Buffer.from(`leaf ${i}`)));
  forked.append(leafHash(Buffer.from(i === 3 ? 'rewritten' : `leaf ${i}`)));
}

const at = (size: number, t = tree, body = `body ${size}`) => ({
  origin: ORIGIN,
  size,
  rootHash: t.root(size),
  time: new Date(),
  body,
});
const witnessed = (size: number): WitnessedCheckpoint => at(size);
const proof = (from: number, to: number, t = tree) => ({
  fromSize: from,
  proof: t.consistencyProof(from, to).map((h) => h.toString('base64')),
});

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('judgeCheckpoint', () => {
  it('cosigns the first checkpoint, a proven extension, and the same one again', () => {
    expect(judgeCheckpoint(at(5), null, null, undefined)).toBe('cosign');
    expect(judgeCheckpoint(at(9), witnessed(5), null, proof(5, 9))).toBe('cosign');
    expect(judgeCheckpoint(at(9), witnessed(0), null, undefined)).toBe('cosign');
    expect(judgeCheckpoint(at(5, tree, 'other time'), witnessed(5), witnessed(5), undefined)).toBe(
      'again',
    );
  });

  it('tells an old checkpoint delivered again from a newly signed smaller one', () => {
    expect(judgeCheckpoint(at(5), witnessed(9), witnessed(5), undefined)).toBe('known');
    expect(
      codeOf(() => judgeCheckpoint(at(5, tree, 'resigned'), witnessed(9), witnessed(5), undefined)),
    ).toBe('WITNESS_ROLLBACK');
    expect(codeOf(() => judgeCheckpoint(at(4), witnessed(9), null, undefined))).toBe(
      'WITNESS_ROLLBACK',
    );
  });

  it('refuses a fork, a bad proof and a missing proof', () => {
    expect({
      sameSizeOtherRoot: codeOf(() =>
        judgeCheckpoint(at(9, forked), witnessed(9), null, undefined),
      ),
      forkedExtension: codeOf(() =>
        judgeCheckpoint(at(12, forked), witnessed(5), null, proof(5, 12, forked)),
      ),
      proofForAnotherSize: codeOf(() => judgeCheckpoint(at(12), witnessed(5), null, proof(6, 12))),
      noProof: codeOf(() => judgeCheckpoint(at(12), witnessed(5), null, undefined)),
      tamperedProof: codeOf(() =>
        judgeCheckpoint(at(12), witnessed(5), null, {
          fromSize: 5,
          proof: proof(5, 12).proof.slice(1),
        }),
      ),
    }).toEqual({
      sameSizeOtherRoot: 'WITNESS_INCONSISTENT',
      forkedExtension: 'WITNESS_INCONSISTENT',
      proofForAnotherSize: 'WITNESS_CONSISTENCY_UNPROVEN',
      noProof: 'WITNESS_CONSISTENCY_UNPROVEN',
      tamperedProof: 'WITNESS_INCONSISTENT',
    });
  });
});

describe('missingConsistency', () => {
  it('asks for a proof from the witnessed size only when a larger checkpoint lacks one from it', () => {
    expect({
      firstCheckpoint: missingConsistency(at(5), null, undefined),
      fromEmptyTree: missingConsistency(at(5), witnessed(0), undefined),
      sameSize: missingConsistency(at(5), witnessed(5), undefined),
      smaller: missingConsistency(at(4), witnessed(5), undefined),
      carried: missingConsistency(at(9), witnessed(5), proof(5, 9)),
      none: missingConsistency(at(9), witnessed(5), undefined),
      fromAnUnwitnessedSize: missingConsistency(at(12), witnessed(5), proof(9, 12)),
    }).toEqual({
      firstCheckpoint: null,
      fromEmptyTree: null,
      sameSize: null,
      smaller: null,
      carried: null,
      none: { fromSize: 5, toSize: 9 },
      fromAnUnwitnessedSize: { fromSize: 5, toSize: 12 },
    });
  });

  it('a proof obtained for the missing range is judged like a carried one', () => {
    const range = missingConsistency(at(12), witnessed(5), proof(9, 12));
    expect(range).not.toBeNull();
    const obtained = proof(range?.fromSize ?? 0, range?.toSize ?? 0);
    expect(judgeCheckpoint(at(12), witnessed(5), null, obtained)).toBe('cosign');
    expect(
      codeOf(() => judgeCheckpoint(at(12, forked), witnessed(5), null, proof(5, 12, forked))),
    ).toBe('WITNESS_INCONSISTENT');
  });
});
