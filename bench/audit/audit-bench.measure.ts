import { performance } from 'node:perf_hooks';
import { type DataSource } from 'typeorm';
import {
  type SignedCheckpoint,
  MerkleFrontier,
  leafHash,
  signCheckpoint,
  verifyLog,
} from '@lienthong/audit-log';

import { type AuditLogStore } from '../../apps/audit/src/log/audit-log.store';
import { type BenchPki, benchRecord, generateEntries } from './audit-bench.fixtures';

/** Percentile of a sorted list of samples. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const RAW_COLUMNS = [
  'seq',
  'record_id',
  'leaf_hash',
  'entry',
  'message_id',
  'correlation_id',
  'subject_ref',
  'sender',
  'recipient',
  'outcome',
  'record_time',
  'logged_at',
  'record_type',
  'record_procedure',
];
const RAW_TYPES = [
  'bigint',
  'uuid',
  'bytea',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'timestamptz',
  'timestamptz',
  'text',
  'text',
];

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Store appends in batches vs the raw INSERT of the same rows into a copy of the table. */
export async function measureAppends(
  store: AuditLogStore,
  dataSource: DataSource,
  options: { records: number; batch: number },
) {
  const batches = Array.from({ length: Math.ceil(options.records / options.batch) }, (_, b) =>
    Array.from({ length: Math.min(options.batch, options.records - b * options.batch) }, (_, k) =>
      benchRecord(b * options.batch + k),
    ),
  );
  let started = performance.now();
  for (const batch of batches) {
    await store.append(batch);
  }
  const storeSeconds = (performance.now() - started) / 1000;
  // The ceiling: the very rows the store wrote, re-inserted with the same statement shape into a
  // table with the same columns, indexes and constraints, but no lock, no tree and no trigger.
  await dataSource.query(`CREATE TABLE raw_record (LIKE audit_record INCLUDING ALL)`);
  const rows: Record<string, unknown>[] = await dataSource.query(
    `SELECT * FROM audit_record ORDER BY seq`,
  );
  started = performance.now();
  for (let from = 0; from < rows.length; from += options.batch) {
    const chunk = rows.slice(from, from + options.batch);
    await dataSource.query(
      `INSERT INTO raw_record SELECT * FROM unnest(${RAW_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
      RAW_COLUMNS.map((column) => chunk.map((row) => row[column])),
    );
  }
  const rawSeconds = (performance.now() - started) / 1000;
  const perSecond = options.records / storeSeconds;
  const rawPerSecond = options.records / rawSeconds;
  return {
    records: options.records,
    batch: options.batch,
    seconds: round(storeSeconds),
    perSecond: Math.round(perSecond),
    rawInsertPerSecond: Math.round(rawPerSecond),
    ratio: round(perSecond / rawPerSecond),
    target: 5000,
    meetsTarget: perSecond >= 5000,
  };
}

/** Inclusion proof latency from the store vs one primary-key SELECT round trip. */
export async function measureProofs(store: AuditLogStore, dataSource: DataSource, samples: number) {
  const size = await store.size();
  const proofMs: number[] = [];
  const selectMs: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const seq = Math.floor(Math.random() * size);
    let started = performance.now();
    await store.inclusionProof(seq, size);
    proofMs.push(performance.now() - started);
    started = performance.now();
    await dataSource.query(`SELECT leaf_hash FROM audit_record WHERE seq = $1`, [seq]);
    selectMs.push(performance.now() - started);
  }
  proofMs.sort((a, b) => a - b);
  selectMs.sort((a, b) => a - b);
  const p99 = percentile(proofMs, 99);
  return {
    treeSize: size,
    samples,
    p50Ms: round(percentile(proofMs, 50), 3),
    p99Ms: round(p99, 3),
    pkSelectP50Ms: round(percentile(selectMs, 50), 3),
    pkSelectP99Ms: round(percentile(selectMs, 99), 3),
    ratioP50: round(percentile(proofMs, 50) / percentile(selectMs, 50)),
    targetP99Ms: 10,
    meetsTarget: p99 <= 10,
  };
}

/** Offline verifyLog of a generated export vs raw SHA-256 leaf hashing of the same bytes. */
export async function measureVerify(pki: BenchPki, records: number) {
  const entries = generateEntries(records);
  let started = performance.now();
  for (const entry of entries) {
    leafHash(Buffer.from(entry, 'utf8'));
  }
  const hashSeconds = (performance.now() - started) / 1000;
  // Roots for two checkpoints (half and all), from the streaming frontier to spare memory.
  const frontier = MerkleFrontier.empty();
  const roots = new Map<number, Buffer>();
  const sizes = [Math.floor(records / 2), records];
  for (const entry of entries) {
    frontier.append(leafHash(Buffer.from(entry, 'utf8')));
    if (sizes.includes(frontier.size)) {
      roots.set(frontier.size, frontier.root());
    }
  }
  const checkpoints: SignedCheckpoint[] = [];
  for (const [k, size] of sizes.entries()) {
    const time = new Date(Date.now() + k);
    const rootHash = roots.get(size) as Buffer;
    checkpoints.push(
      await signCheckpoint({ origin: 'bench/audit/log', size, rootHash, time }, pki.signer),
    );
  }
  started = performance.now();
  verifyLog(entries, checkpoints, { caPem: pki.caPem, certificates: pki.chain });
  const verifySeconds = (performance.now() - started) / 1000;
  return {
    records,
    seconds: round(verifySeconds),
    recordsPerSecond: Math.round(records / verifySeconds),
    rawLeafHashSeconds: round(hashSeconds),
    ratio: round(hashSeconds / verifySeconds),
    targetSecondsPerMillion: 60,
    meetsTarget: (verifySeconds * 1_000_000) / records <= 60,
  };
}
