import { type Checkpoint, verifyConsistency } from '@lienthong/transparency';
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

/**
 * The witness rule (C2SP tlog-witness): cosign only a checkpoint that extends the latest one
 * cosigned, proven by the consistency proof the log sent with it. `latest` is the largest
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
