import { type SignerKeyResolver, signerKeysFromCa } from '@lienthong/pki';
import { type Checkpoint, type SignedCheckpoint, verifyCheckpoint } from './checkpoint';
import { verifyCosignatures } from './cosignature';
import { MerkleFrontier, leafHash } from './merkle';
import { AuditLogError } from './audit-log.errors';

/** One exported leaf: its canonical text (the exact bytes the log hashed), optionally wrapped. */
export type ExportedEntry = string | { readonly canonical: string };

/** What {@link verifyLog} established. */
export interface LogVerificationReport {
  readonly records: number;
  readonly checkpoints: number;
  /** The largest verified checkpoint (the log's latest state as far as the auditor knows). */
  readonly latest: Checkpoint | null;
  /** Members whose cosignature of the latest checkpoint verified, sorted. */
  readonly cosigners: readonly string[];
}

/** Witness requirements of {@link verifyLog}. */
export interface LogWitnessOptions {
  /** Cosignatures that came with the export (those of other checkpoints are ignored). */
  readonly cosignatures?: readonly unknown[];
  /** Distinct witnessing members that must have cosigned the latest checkpoint; default 0. */
  readonly minCosignatures?: number;
}

interface ScanResult {
  readonly count: number;
  readonly rootsBySize: Map<number, Buffer>;
  readonly misplaced: { position: number; seq: number } | undefined;
  readonly seen: Set<number>;
}

function orderCheckpoints(checkpoints: Checkpoint[]): Checkpoint[] {
  const ordered = [...checkpoints].sort(
    (a, b) => a.time.getTime() - b.time.getTime() || a.size - b.size,
  );
  for (let i = 1; i < ordered.length; i += 1) {
    const [before, after] = [ordered[i - 1], ordered[i]];
    if (after.origin !== before.origin) {
      throw new AuditLogError('AUDIT_LOG_INCONSISTENT', 'checkpoints of different logs');
    }
    if (after.size < before.size) {
      throw new AuditLogError(
        'AUDIT_LOG_ROLLED_BACK',
        `checkpoint of ${after.time.toISOString()} has size ${after.size}, smaller than ${before.size} signed at ${before.time.toISOString()}`,
      );
    }
    if (after.size === before.size && !after.rootHash.equals(before.rootHash)) {
      throw new AuditLogError(
        'AUDIT_LOG_INCONSISTENT',
        `two checkpoints of size ${after.size} have different roots`,
      );
    }
  }
  return ordered;
}

/**
 * The `seq` an entry claims. Only the envelope of the entry is checked here: the record inside is
 * covered by the leaf hash, and validating every field of a million records would dominate the
 * verification time (parseCanonicalEntry does it when a single record is inspected).
 */
function positionOf(canonical: string, position: number): number {
  let value: unknown;
  try {
    value = JSON.parse(canonical);
  } catch (cause) {
    throw new AuditLogError('AUDIT_RECORD_TAMPERED', `record ${position} is not JSON`, {
      cause,
    });
  }
  const entry = value as { v?: unknown; seq?: unknown; record?: unknown } | null;
  if (
    typeof entry !== 'object' ||
    entry === null ||
    entry.v !== 1 ||
    typeof entry.seq !== 'number' ||
    !Number.isSafeInteger(entry.seq) ||
    entry.seq < 0 ||
    typeof entry.record !== 'object'
  ) {
    throw new AuditLogError('AUDIT_RECORD_TAMPERED', `record ${position} is not an entry`);
  }
  return entry.seq;
}

function scan(records: Iterable<ExportedEntry>, sizes: Set<number>): ScanResult {
  const frontier = MerkleFrontier.empty();
  const rootsBySize = new Map<number, Buffer>();
  const seen = new Set<number>();
  let misplaced: ScanResult['misplaced'];
  for (const record of records) {
    const canonical = typeof record === 'string' ? record : record.canonical;
    const position = frontier.size;
    const seq = positionOf(canonical, position);
    if (seq !== position && misplaced === undefined) {
      misplaced = { position, seq };
    }
    seen.add(seq);
    frontier.append(leafHash(Buffer.from(canonical, 'utf8')));
    if (sizes.has(frontier.size)) {
      rootsBySize.set(frontier.size, frontier.root());
    }
  }
  return { count: frontier.size, rootsBySize, misplaced, seen };
}

function assertSequence(result: ScanResult): void {
  if (result.misplaced === undefined) {
    return;
  }
  const { position, seq } = result.misplaced;
  for (let expected = 0; expected < result.count; expected += 1) {
    if (!result.seen.has(expected)) {
      throw new AuditLogError('AUDIT_RECORD_MISSING', `record ${expected} was dropped`, {
        details: { seq: expected },
      });
    }
  }
  throw new AuditLogError(
    'AUDIT_LOG_REORDERED',
    `position ${position} holds record ${seq}: records were moved or repeated`,
    { details: { position, seq } },
  );
}

function assertRoots(ordered: Checkpoint[], result: ScanResult): void {
  const largest = ordered.reduce((max, cp) => (cp.size > max.size ? cp : max), ordered[0]);
  if (largest.size > result.count) {
    throw new AuditLogError(
      'AUDIT_LOG_TRUNCATED',
      `a checkpoint covers ${largest.size} records but only ${result.count} were exported`,
      { details: { checkpointSize: largest.size, records: result.count } },
    );
  }
  const mismatched = ordered.filter(
    (cp) => cp.size > 0 && !result.rootsBySize.get(cp.size)?.equals(cp.rootHash),
  );
  if (mismatched.length === 0) {
    return;
  }
  if (mismatched.includes(largest)) {
    throw new AuditLogError(
      'AUDIT_RECORD_TAMPERED',
      `the records do not hash to the root signed for size ${mismatched[0].size}`,
      { details: { checkpointSize: mismatched[0].size } },
    );
  }
  throw new AuditLogError(
    'AUDIT_LOG_INCONSISTENT',
    `the checkpoint of size ${mismatched[0].size} is not a prefix of the latest history`,
    { details: { checkpointSize: mismatched[0].size } },
  );
}

/** k-of-n over the latest checkpoint: the one whose root vouches for the whole export. */
function witnessesOf(
  latest: Checkpoint | null,
  checkpoints: readonly Checkpoint[],
  signed: readonly unknown[],
  resolveKey: SignerKeyResolver,
  witnesses: LogWitnessOptions,
): readonly string[] {
  const min = witnesses.minCosignatures ?? 0;
  if (latest === null) {
    if (min > 0) {
      throw new AuditLogError(
        'AUDIT_COSIGNATURES_INSUFFICIENT',
        `${min} witness cosignature(s) required but the export holds no checkpoint`,
      );
    }
    return [];
  }
  const signedLatest = signed[checkpoints.indexOf(latest)] as SignedCheckpoint;
  const offered = (witnesses.cosignatures ?? []).filter(
    (c) => (c as { size?: unknown } | null)?.size === latest.size,
  );
  return verifyCosignatures(offered, signedLatest, latest, resolveKey, min).cosigners;
}

/**
 * Who may have signed the checkpoints: either the bus CA certificate plus the certificates that
 * came with the export (the AUDIT/log certificate and its issuing CAs), or keys the caller has
 * already established trust in.
 */
export type LogTrust =
  | { readonly caPem: string; readonly certificates: readonly string[]; readonly at?: Date }
  | { readonly resolveKey: SignerKeyResolver };

/**
 * Recomputes a whole exported log (leaves in log order) against signed checkpoints, offline. Each
 * way the log can be wrong has its own code: a record altered (AUDIT_RECORD_TAMPERED), dropped
 * (AUDIT_RECORD_MISSING), moved (AUDIT_LOG_REORDERED), the tail cut off (AUDIT_LOG_TRUNCATED),
 * the log returned to a smaller state after signing a larger one (AUDIT_LOG_ROLLED_BACK), or two
 * signed histories that disagree (AUDIT_LOG_INCONSISTENT); checkpoint signature failures keep
 * the codes of {@link verifyCheckpoint}. With `witnesses.minCosignatures`, that many distinct
 * witnessing members must have cosigned the latest checkpoint (AUDIT_COSIGNATURES_INSUFFICIENT).
 */
export function verifyLog(
  records: Iterable<ExportedEntry>,
  signedCheckpoints: readonly unknown[],
  trust: LogTrust,
  witnesses: LogWitnessOptions = {},
): LogVerificationReport {
  const resolveKey =
    'resolveKey' in trust
      ? trust.resolveKey
      : signerKeysFromCa(trust.caPem, trust.certificates, trust.at);
  const checkpoints = signedCheckpoints.map((cp) => verifyCheckpoint(cp, resolveKey));
  const ordered = orderCheckpoints(checkpoints);
  const result = scan(records, new Set(ordered.map((cp) => cp.size)));
  assertSequence(result);
  if (ordered.length > 0) {
    assertRoots(ordered, result);
  }
  const latest = ordered.length > 0 ? ordered[ordered.length - 1] : null;
  const cosigners = witnessesOf(latest, checkpoints, signedCheckpoints, resolveKey, witnesses);
  return { records: result.count, checkpoints: ordered.length, latest, cosigners };
}
