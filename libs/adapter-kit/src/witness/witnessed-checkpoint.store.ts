import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '@lienthong/persistence';
import type { Checkpoint, SignedCheckpoint } from '@lienthong/audit-log';
import {
  type ConsistencyRange,
  type OfferedConsistency,
  type WitnessVerdict,
  type WitnessedCheckpoint,
  judgeCheckpoint,
  missingConsistency,
} from './witness-verdict';

/** Obtains from the log a consistency proof the checkpoint did not carry (verified by the judge). */
export type ConsistencyProofSource = (range: ConsistencyRange) => Promise<OfferedConsistency>;

interface Row {
  origin: string;
  tree_size: string;
  root_hash: Buffer;
  body: string;
}

const toWitnessed = (row: Row): WitnessedCheckpoint => ({
  origin: row.origin,
  size: Number(row.tree_size),
  rootHash: row.root_hash,
  body: row.body,
});

/**
 * The checkpoints this agency witnessed, in its own schema. Judging and storing happen in one
 * transaction under a lock of the schema, so two replicas of an adapter can never both cosign
 * checkpoints that disagree (the witness persists atomically before it cosigns).
 */
export class WitnessedCheckpointStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Judges a verified checkpoint against what was witnessed and stores it when it is cosigned.
   * When the checkpoint carries no proof from the latest witnessed one, the proof is asked of
   * `proofSource` (under the lock, so it starts from the checkpoint really judged against) and
   * verified like a carried one; without a source the checkpoint is refused as unproven.
   */
  witness(
    signed: SignedCheckpoint,
    checkpoint: Checkpoint,
    consistency: OfferedConsistency | undefined,
    proofSource?: ConsistencyProofSource,
  ): Promise<WitnessVerdict> {
    return inTransaction(this.dataSource, async (manager) => {
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext('lienthong-witness:' || current_schema()))`,
      );
      const latest = await this.latestIn(manager, checkpoint.origin);
      const sameSize = await this.atSize(manager, checkpoint.origin, checkpoint.size);
      const incoming = { ...checkpoint, body: signed.body };
      const missing = missingConsistency(incoming, latest, consistency);
      const offered =
        missing !== null && proofSource !== undefined ? await proofSource(missing) : consistency;
      const verdict = judgeCheckpoint(incoming, latest, sameSize, offered);
      if (verdict === 'cosign') {
        await manager.query(
          `INSERT INTO witnessed_checkpoint (origin, tree_size, root_hash, body, alg, kid, signature)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            checkpoint.origin,
            checkpoint.size,
            checkpoint.rootHash,
            signed.body,
            signed.alg,
            signed.kid,
            signed.signature,
          ],
        );
      }
      return verdict;
    });
  }

  /** The largest checkpoint witnessed for `origin`, or null. */
  latest(origin: string): Promise<WitnessedCheckpoint | null> {
    return this.latestIn(this.dataSource.manager, origin);
  }

  private async latestIn(
    manager: EntityManager,
    origin: string,
  ): Promise<WitnessedCheckpoint | null> {
    const rows: Row[] = await manager.query(
      `SELECT origin, tree_size, root_hash, body FROM witnessed_checkpoint
       WHERE origin = $1 ORDER BY tree_size DESC LIMIT 1`,
      [origin],
    );
    return rows.length === 0 ? null : toWitnessed(rows[0]);
  }

  private async atSize(
    manager: EntityManager,
    origin: string,
    size: number,
  ): Promise<WitnessedCheckpoint | null> {
    const rows: Row[] = await manager.query(
      `SELECT origin, tree_size, root_hash, body FROM witnessed_checkpoint
       WHERE origin = $1 AND tree_size = $2`,
      [origin, size],
    );
    return rows.length === 0 ? null : toWitnessed(rows[0]);
  }
}
