import { type DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '@lienthong/persistence';
import {
  type AuditRecord,
  type CheckpointSigner,
  type EvidenceBundle,
  type SignedCheckpoint,
  AuditLogError,
  buildEvidence,
  consistencyProof,
  consistencyRanges,
  inclusionProof,
  inclusionRanges,
  parseAuditRecord,
  rootAt,
  signCheckpoint,
} from '@lienthong/audit-log';
import { AuditStoreError } from './audit-store.errors';
import { nodeLookup, readHead } from './audit-tree.reader';
import { type AppendPlan, insertPlan, planAppend } from './audit-append';

/** Options of one log. */
export interface AuditLogStoreOptions {
  /** Checkpoint origin line, e.g. `lienthong.gov.vn/audit/log`; names this log to witnesses. */
  readonly origin: string;
  /** Clock of the log (injectable for tests); loggedAt and checkpoint times never go backwards. */
  readonly now?: () => Date;
}

/** What one append did. */
export interface AppendResult {
  /** Records newly logged, with their position. */
  readonly appended: readonly { readonly recordId: string; readonly seq: number }[];
  /** Record ids that were already in the log (or repeated in the batch): logged once, skipped. */
  readonly duplicates: readonly string[];
  /** Size of the log after the append. */
  readonly size: number;
}

/** One exported leaf, in log order. */
export interface ExportedRecord {
  readonly seq: number;
  readonly canonical: string;
}

/**
 * The audit log in PostgreSQL: a Merkle tree (RFC 6962) whose leaves are canonical audit entries.
 * Appends are batched into one transaction and serialised by a transaction-scoped advisory lock,
 * so concurrent writers can never fork the tree; each append computes the new leaf and subtree
 * hashes in memory from the current right edge and inserts them with the records.
 */
export class AuditLogStore {
  private readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: AuditLogStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Appends records in one transaction; ids already logged are skipped (idempotent by id). */
  async append(records: readonly AuditRecord[]): Promise<AppendResult> {
    const clean = records.map((record) => parseAuditRecord(record));
    return inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager);
      const plan = await planAppend(manager, clean, this.now());
      await insertPlan(manager, plan);
      return this.result(plan);
    });
  }

  /** Number of records in the log. */
  async size(): Promise<number> {
    return (await readHead(this.dataSource.manager)).size;
  }

  /** Root of the tree of the first `size` records (default: the whole log). */
  async root(size?: number): Promise<Buffer> {
    const n = await this.checkedSize(size);
    const getNode = await nodeLookup(this.dataSource.manager, [{ start: 0, end: n }]);
    return rootAt(n, getNode);
  }

  /** Inclusion proof of record `seq` in the tree of `size` records (default: the whole log). */
  async inclusionProof(seq: number, size?: number): Promise<Buffer[]> {
    const n = await this.checkedSize(size);
    const getNode = await nodeLookup(this.dataSource.manager, inclusionRanges(seq, n));
    return inclusionProof(seq, n, getNode);
  }

  /** Consistency proof from the tree of `m` records to the tree of `n` records. */
  async consistencyProof(m: number, n: number): Promise<Buffer[]> {
    await this.checkedSize(n);
    const getNode = await nodeLookup(this.dataSource.manager, consistencyRanges(m, n));
    return consistencyProof(m, n, getNode);
  }

  /**
   * Signs and stores a checkpoint of the current log with the AUDIT/log signer. Taken under the
   * append lock, so the signed size and root are a state the log really had.
   */
  async createCheckpoint(signer: CheckpointSigner): Promise<SignedCheckpoint> {
    return inTransaction(this.dataSource, async (manager) => {
      await this.lock(manager);
      const { size } = await readHead(manager);
      const rootHash = rootAt(size, await nodeLookup(manager, [{ start: 0, end: size }]));
      const last = await this.latestIn(manager);
      const time = new Date(Math.max(this.now().getTime(), last?.signedAt.getTime() ?? 0));
      const signed = await signCheckpoint(
        { origin: this.options.origin, size, rootHash, time },
        signer,
      );
      await manager.query(
        `INSERT INTO audit_checkpoint (tree_size, root_hash, signed_at, body, alg, kid, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          size,
          rootHash,
          time,
          signed.body,
          signed.alg,
          signed.kid,
          Buffer.from(signed.signature, 'base64'),
        ],
      );
      return signed;
    });
  }

  /** The most recent checkpoint, or null before the first one. */
  async latestCheckpoint(): Promise<SignedCheckpoint | null> {
    const row = await this.latestIn(this.dataSource.manager);
    return row === null ? null : row.signed;
  }

  /** Records that the checkpoint of `size` was published for the witnesses (once per size). */
  async markPublished(size: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_checkpoint_published (tree_size) VALUES ($1) ON CONFLICT DO NOTHING`,
      [size],
    );
  }

  /** Size of the largest checkpoint published; undefined before the first. */
  async lastPublishedSize(): Promise<number | undefined> {
    const rows: { size: string | null }[] = await this.dataSource.query(
      `SELECT max(tree_size) AS size FROM audit_checkpoint_published`,
    );
    const size = rows[0]?.size;
    return size === null || size === undefined ? undefined : Number(size);
  }

  /** Every checkpoint the log signed, oldest first. */
  async checkpoints(): Promise<SignedCheckpoint[]> {
    const rows: CheckpointRow[] = await this.dataSource.query(
      `SELECT body, alg, kid, signature, signed_at FROM audit_checkpoint ORDER BY id`,
    );
    return rows.map((row) => toSigned(row));
  }

  /**
   * The leaves `[from, to)` in log order, as an auditor exports them; at most `limit` of them
   * (one page of a streamed export: the next page starts after the last `seq` returned).
   */
  async exportRange(from: number, to: number, limit?: number): Promise<ExportedRecord[]> {
    const rows: { seq: string; entry: string }[] = await this.dataSource.query(
      `SELECT seq, entry FROM audit_record WHERE seq >= $1 AND seq < $2 ORDER BY seq
       ${limit === undefined ? '' : `LIMIT ${Math.floor(limit)}`}`,
      [from, to],
    );
    return rows.map((row) => ({ seq: Number(row.seq), canonical: row.entry }));
  }

  /** Size of the largest checkpoint signed so far (0 before the first). */
  async checkpointedSize(): Promise<number> {
    const rows: { size: string }[] = await this.dataSource.query(
      `SELECT coalesce(max(tree_size), 0) AS size FROM audit_checkpoint`,
    );
    return Number(rows[0].size);
  }

  /**
   * One page of the checkpoints of size at most `maxSize`, oldest first, after the row `afterId`
   * (`0` for the first page); `nextId` continues the walk.
   */
  async checkpointPage(
    maxSize: number,
    afterId: string,
    limit: number,
  ): Promise<{ checkpoints: SignedCheckpoint[]; nextId?: string }> {
    const rows: (CheckpointRow & { id: string })[] = await this.dataSource.query(
      `SELECT id, body, alg, kid, signature, signed_at FROM audit_checkpoint
       WHERE tree_size <= $1 AND id > $2 ORDER BY id LIMIT ${Math.floor(limit)}`,
      [maxSize, afterId],
    );
    const last = rows.at(-1);
    return {
      checkpoints: rows.map((row) => toSigned(row)),
      ...(last ? { nextId: last.id } : {}),
    };
  }

  /**
   * Evidence bundle of one record against the latest checkpoint, with the signer's certificate
   * chain (`certificates`: the AUDIT/log certificate first). Self-contained and offline-verifiable.
   */
  async evidence(recordId: string, certificates: readonly string[]): Promise<EvidenceBundle> {
    const rows: { seq: string; entry: string }[] = await this.dataSource.query(
      `SELECT seq, entry FROM audit_record WHERE record_id = $1`,
      [recordId],
    );
    if (rows.length === 0) {
      throw new AuditStoreError('AUDIT_STORE_RECORD_NOT_FOUND', `record ${recordId} is not logged`);
    }
    const seq = Number(rows[0].seq);
    const latest = await this.latestIn(this.dataSource.manager);
    if (latest === null || latest.size <= seq) {
      throw new AuditStoreError(
        'AUDIT_STORE_NO_CHECKPOINT',
        `no checkpoint covers record ${seq} yet`,
      );
    }
    return buildEvidence({
      entry: rows[0].entry,
      leafIndex: seq,
      inclusionProof: await this.inclusionProof(seq, latest.size),
      checkpoint: latest.signed,
      treeSize: latest.size,
      certificates,
    });
  }

  private async lock(manager: EntityManager): Promise<void> {
    // One writer per log: the lock key is derived from the schema, so separate logs never wait.
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('lienthong-audit:' || current_schema()))`,
    );
  }

  private async checkedSize(size: number | undefined): Promise<number> {
    const current = await this.size();
    const n = size ?? current;
    if (!Number.isSafeInteger(n) || n < 0 || n > current) {
      throw new AuditLogError(
        'AUDIT_PROOF_RANGE_INVALID',
        `tree size ${n} exceeds the log size ${current}`,
      );
    }
    return n;
  }

  private async latestIn(
    manager: EntityManager,
  ): Promise<{ signed: SignedCheckpoint; size: number; signedAt: Date } | null> {
    const rows: (CheckpointRow & { tree_size: string })[] = await manager.query(
      `SELECT tree_size, body, alg, kid, signature, signed_at FROM audit_checkpoint ORDER BY id DESC LIMIT 1`,
    );
    return rows.length === 0
      ? null
      : { signed: toSigned(rows[0]), size: Number(rows[0].tree_size), signedAt: rows[0].signed_at };
  }

  private result(plan: AppendPlan): AppendResult {
    return {
      appended: plan.rows.map((row) => ({ recordId: row.record.recordId, seq: row.seq })),
      duplicates: plan.duplicates,
      size: plan.sizeAfter,
    };
  }
}

interface CheckpointRow {
  body: string;
  alg: string;
  kid: string;
  signature: Buffer;
  signed_at: Date;
}

function toSigned(row: CheckpointRow): SignedCheckpoint {
  return {
    body: row.body,
    alg: row.alg,
    kid: row.kid,
    signature: row.signature.toString('base64'),
  };
}
