import type { DataSource } from 'typeorm';
import type { Party } from '@lienthong/envelope';
import type { Cosignature, SignedCheckpoint } from '@lienthong/audit-log';
import { checkpointDigest } from '@lienthong/audit-log';

/** The cosignatures of one checkpoint and the certificates needed to verify them offline. */
export interface CheckpointCosignatures {
  readonly cosignatures: Cosignature[];
  /** One PEM per distinct witness certificate. */
  readonly certificates: string[];
}

/** Witness cosignatures in the audit schema; append-only, one per witness system and checkpoint. */
export class CosignatureStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The signed checkpoint of this log with the given digest, or null when it never signed it. */
  async checkpointByDigest(size: number, digest: string): Promise<SignedCheckpoint | null> {
    const rows: { body: string; alg: string; kid: string; signature: Buffer }[] =
      await this.dataSource.query(
        `SELECT body, alg, kid, signature FROM audit_checkpoint WHERE tree_size = $1`,
        [size],
      );
    const signed = rows
      .map((row) => ({ ...row, signature: row.signature.toString('base64') }))
      .find((cp) => checkpointDigest(cp) === digest);
    return signed ?? null;
  }

  /** Stores a verified cosignature; a repeat of one already held is skipped. */
  async add(witness: Party, cosignature: Cosignature, certificatePem: string): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO audit_cosignature
         (witness_member, witness_subsystem, tree_size, root_hash, checkpoint_digest, cosignature, certificate)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT uq_audit_cosignature DO NOTHING RETURNING id`,
      [
        witness.member,
        witness.subsystem,
        cosignature.size,
        Buffer.from(cosignature.root, 'base64'),
        cosignature.checkpointDigest,
        JSON.stringify(cosignature),
        certificatePem,
      ],
    );
    return inserted.length > 0;
  }

  /**
   * One page of the cosignatures of the checkpoints of size at most `maxSize`, oldest first,
   * after the row `afterId` (`0` for the first page). Only cosignatures of checkpoints this log
   * signed are ever stored (CosignatureIngest), so these are exactly the cosignatures of the
   * checkpoints an export of that many entries carries.
   */
  async pageUpTo(
    maxSize: number,
    afterId: string,
    limit: number,
  ): Promise<{ cosignatures: Cosignature[]; nextId?: string }> {
    const rows: { id: string; cosignature: Cosignature }[] = await this.dataSource.query(
      `SELECT id, cosignature FROM audit_cosignature
       WHERE tree_size <= $1 AND id > $2 ORDER BY id LIMIT ${Math.floor(limit)}`,
      [maxSize, afterId],
    );
    const last = rows.at(-1);
    return {
      cosignatures: rows.map((row) => row.cosignature),
      ...(last ? { nextId: last.id } : {}),
    };
  }

  /** The distinct witness certificates of the cosignatures {@link pageUpTo} walks. */
  async certificatesUpTo(maxSize: number): Promise<string[]> {
    const rows: { certificate: string }[] = await this.dataSource.query(
      `SELECT certificate FROM audit_cosignature WHERE tree_size <= $1
       GROUP BY certificate ORDER BY min(id)`,
      [maxSize],
    );
    return rows.map((row) => row.certificate);
  }

  /** Every cosignature of the given signed checkpoints, oldest first. */
  async forCheckpoints(checkpoints: readonly SignedCheckpoint[]): Promise<CheckpointCosignatures> {
    if (checkpoints.length === 0) {
      return { cosignatures: [], certificates: [] };
    }
    const rows: { cosignature: Cosignature; certificate: string }[] = await this.dataSource.query(
      `SELECT cosignature, certificate FROM audit_cosignature
       WHERE checkpoint_digest = ANY($1) ORDER BY id`,
      [checkpoints.map((cp) => checkpointDigest(cp))],
    );
    return {
      cosignatures: rows.map((row) => row.cosignature),
      certificates: [...new Set(rows.map((row) => row.certificate))],
    };
  }
}
