import { type Checkpoint, verifyConsistency } from '@lienthong/audit-log';
import { WitnessError } from './witness.errors';

/** A checkpoint this witness already cosigned, as stored. */
export interface WitnessedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  /** The exact signed body, so that a re-delivery is told apart from a re-signing. */
  readonly body: string;
}

/** The proof the log published with a checkpoint: from `fromSize` to the checkpoint's size. */
export interface OfferedConsistency {
  readonly fromSize: number;
  readonly proof: readonly string[];
}

/**
 * What to do with a verified checkpoint: `cosign` a new one, cosign `again` the latest one (its
 * cosignature may have been lost), or nothing for a `known` older one delivered again.
 */
export type WitnessVerdict = 'cosign' | 'again' | 'known';

/** Sizes between which a consistency proof is wanted: from the latest witnessed to the incoming. */
export interface ConsistencyRange {
  readonly fromSize: number;
  readonly toSize: number;
}

/**
 * The range of the consistency proof {@link judgeCheckpoint} needs but was not offered: when
 * `incoming` is larger than the latest checkpoint witnessed (of a non-empty tree) and the proof the
 * log sent with it is missing or starts elsewhere (the log published a checkpoint this witness
 * never saw, or restarted after one it never published). Null when nothing is missing.
 */
export function missingConsistency(
  incoming: Checkpoint,
  latest: WitnessedCheckpoint | null,
  offered: OfferedConsistency | undefined,
): ConsistencyRange | null {
  if (latest === null || latest.size === 0 || incoming.size <= latest.size) {
    return null;
  }
  if (offered !== undefined && offered.fromSize === latest.size) {
    return null;
  }
  return { fromSize: latest.size, toSize: incoming.size };
}

/**
 * The witness rule (C2SP tlog-witness): cosign only a checkpoint that extends the latest one
 * cosigned, proven by a consistency proof from it: the one the log sent with the checkpoint, or
 * one the witness obtained from the log (see {@link missingConsistency}). `latest` is the largest
 * witnessed checkpoint of the origin, `sameSize` the witnessed one of the incoming size, if any.
 * Throws WITNESS_ROLLBACK (newly signed and smaller), WITNESS_INCONSISTENT (same size with
 * another root, or a proof that does not link the roots) or WITNESS_CONSISTENCY_UNPROVEN.
 */
export function judgeCheckpoint(
  incoming: Checkpoint & { readonly body: string },
  latest: WitnessedCheckpoint | null,
  sameSize: WitnessedCheckpoint | null,
  consistency: OfferedConsistency | undefined,
): WitnessVerdict {
  if (latest === null) {
    // Trust on first use, as every witness must: nothing earlier to be consistent with.
    return 'cosign';
  }
  if (incoming.size < latest.size) {
    if (sameSize !== null && sameSize.body === incoming.body) {
      return 'known';
    }
    throw new WitnessError(
      'WITNESS_ROLLBACK',
      `checkpoint of size ${incoming.size} signed after one of size ${latest.size} was witnessed`,
      { details: { size: incoming.size, witnessedSize: latest.size, origin: incoming.origin } },
    );
  }
  if (incoming.size === latest.size) {
    if (!incoming.rootHash.equals(latest.rootHash)) {
      throw inconsistent(incoming, latest, 'has another root than the one witnessed');
    }
    return 'again';
  }
  if (latest.size === 0) {
    return 'cosign';
  }
  if (consistency === undefined || consistency.fromSize !== latest.size) {
    throw new WitnessError(
      'WITNESS_CONSISTENCY_UNPROVEN',
      `checkpoint of size ${incoming.size} proves nothing about size ${latest.size} (proof from ${consistency?.fromSize ?? 'nowhere'})`,
      { details: { size: incoming.size, witnessedSize: latest.size } },
    );
  }
  const proof = consistency.proof.map((hash) => Buffer.from(hash, 'base64'));
  if (!verifyConsistency(latest.size, incoming.size, latest.rootHash, incoming.rootHash, proof)) {
    throw inconsistent(incoming, latest, 'does not extend the one witnessed');
  }
  return 'cosign';
}

function inconsistent(
  incoming: Checkpoint,
  latest: WitnessedCheckpoint,
  what: string,
): WitnessError {
  return new WitnessError(
    'WITNESS_INCONSISTENT',
    `checkpoint of size ${incoming.size} ${what} at size ${latest.size}`,
    { details: { size: incoming.size, witnessedSize: latest.size, origin: incoming.origin } },
  );
}
