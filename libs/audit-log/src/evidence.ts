import { type SignerKeyResolver, signerKeysFromCa } from '@lienthong/pki';
import { type AuditLogEntry, parseCanonicalEntry } from './audit-record';
import { type Checkpoint, type SignedCheckpoint, verifyCheckpoint } from './checkpoint';
import { type Cosignature, verifyCosignatures } from './cosignature';
import { leafHash } from './merkle';
import { verifyInclusion } from './merkle-proof';
import { AuditLogError } from './audit-log.errors';

/** Format marker of evidence bundles; `version` changes on any incompatible change. */
export const EVIDENCE_FORMAT = 'urn:lienthong:audit:evidence';

/**
 * A self-contained proof that one audit record is in the log: the record's leaf bytes, its
 * inclusion proof in a signed checkpoint, and the certificates of the signer. Verifiable offline
 * with only the bus CA certificate.
 */
export interface EvidenceBundle {
  readonly format: typeof EVIDENCE_FORMAT;
  readonly version: 1;
  /** The leaf exactly as hashed: canonical JSON of the {@link AuditLogEntry}. */
  readonly entry: string;
  readonly leafIndex: number;
  /** base64 of the leaf hash, so a verifier can tell a changed record from a changed proof. */
  readonly leafHash: string;
  readonly treeSize: number;
  /** base64 hashes, bottom-up (RFC 9162 §2.1.3). */
  readonly inclusionProof: readonly string[];
  readonly checkpoint: SignedCheckpoint;
  /** Digests of the signed envelope the record is about (copied from the record for readers). */
  readonly envelope: { readonly payloadDigest?: string; readonly signatureDigest?: string };
  /**
   * PEM certificates: the AUDIT/log signing certificate first, then its issuing CAs, then the
   * certificates of the witnesses whose cosignatures the bundle carries.
   */
  readonly certificates: readonly string[];
  /** Witness cosignatures of `checkpoint` (absent in bundles made before witnesses existed). */
  readonly cosignatures?: readonly Cosignature[];
}

/** What a verified bundle proves. */
export interface EvidenceReport {
  readonly entry: AuditLogEntry;
  readonly checkpoint: Checkpoint;
  readonly signerKid: string;
  /** Members whose cosignature of the checkpoint verified, sorted. */
  readonly cosigners: readonly string[];
}

/** Verification options beyond the trust anchor. */
export interface EvidenceOptions {
  /** Distinct witnessing members that must have cosigned the checkpoint (k of n); default 0. */
  readonly minCosignatures?: number;
}

/** Assembles a bundle from the parts a store returns (no verification: see {@link verifyEvidence}). */
export function buildEvidence(parts: {
  entry: string;
  leafIndex: number;
  inclusionProof: readonly Buffer[];
  checkpoint: SignedCheckpoint;
  treeSize: number;
  certificates: readonly string[];
  cosignatures?: readonly Cosignature[];
}): EvidenceBundle {
  const record = parseCanonicalEntry(parts.entry).record;
  return {
    format: EVIDENCE_FORMAT,
    version: 1,
    entry: parts.entry,
    leafIndex: parts.leafIndex,
    leafHash: leafHash(Buffer.from(parts.entry, 'utf8')).toString('base64'),
    treeSize: parts.treeSize,
    inclusionProof: parts.inclusionProof.map((hash) => hash.toString('base64')),
    checkpoint: parts.checkpoint,
    envelope: {
      ...(record.payloadDigest ? { payloadDigest: record.payloadDigest } : {}),
      ...(record.signatureDigest ? { signatureDigest: record.signatureDigest } : {}),
    },
    certificates: [...parts.certificates],
    ...(parts.cosignatures ? { cosignatures: [...parts.cosignatures] } : {}),
  };
}

const B64_HASH = /^[A-Za-z0-9+/]{43}=$/;

function malformed(message: string): AuditLogError {
  return new AuditLogError('AUDIT_BUNDLE_MALFORMED', message);
}

/** Checks the shape of an untrusted bundle; throws AUDIT_BUNDLE_MALFORMED. */
export function assertEvidenceShape(value: unknown): asserts value is EvidenceBundle {
  const b = value as Partial<Record<keyof EvidenceBundle, unknown>> | null;
  if (typeof b !== 'object' || b === null || b.format !== EVIDENCE_FORMAT || b.version !== 1) {
    throw malformed(`not a version 1 ${EVIDENCE_FORMAT} bundle`);
  }
  const isIndex = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (typeof b.entry !== 'string' || !isIndex(b.leafIndex) || !isIndex(b.treeSize)) {
    throw malformed('entry, leafIndex and treeSize are required');
  }
  if (typeof b.leafHash !== 'string' || !B64_HASH.test(b.leafHash)) {
    throw malformed('leafHash must be a base64 SHA-256 hash');
  }
  const proof = b.inclusionProof;
  if (!Array.isArray(proof) || proof.length > 64 || !proof.every((h) => B64_HASH.test(String(h)))) {
    throw malformed('inclusionProof must be at most 64 base64 SHA-256 hashes');
  }
  const certs = b.certificates;
  if (!Array.isArray(certs) || certs.length === 0 || !certs.every((c) => typeof c === 'string')) {
    throw malformed('certificates must be a non-empty list of PEM strings');
  }
  if (typeof b.envelope !== 'object' || b.envelope === null || typeof b.checkpoint !== 'object') {
    throw malformed('envelope and checkpoint are required');
  }
  if (
    b.cosignatures !== undefined &&
    (!Array.isArray(b.cosignatures) || b.cosignatures.length > 256)
  ) {
    throw malformed('cosignatures must be a list of at most 256 cosignatures');
  }
}

function checkRecord(bundle: EvidenceBundle): AuditLogEntry {
  const bytes = Buffer.from(bundle.entry, 'utf8');
  if (!leafHash(bytes).equals(Buffer.from(bundle.leafHash, 'base64'))) {
    throw new AuditLogError('AUDIT_RECORD_TAMPERED', 'the record does not hash to its leaf');
  }
  let entry: AuditLogEntry;
  try {
    entry = parseCanonicalEntry(bundle.entry);
  } catch (cause) {
    throw new AuditLogError('AUDIT_RECORD_TAMPERED', 'the record is not an entry', { cause });
  }
  const { payloadDigest, signatureDigest } = bundle.envelope;
  if (
    payloadDigest !== entry.record.payloadDigest ||
    signatureDigest !== entry.record.signatureDigest
  ) {
    throw new AuditLogError(
      'AUDIT_RECORD_TAMPERED',
      'the envelope digests differ from the logged record',
    );
  }
  return entry;
}

/**
 * Verifies a bundle with keys the caller already trusts (see `verifyEvidence` for the usual
 * entry point with the bus CA certificate). Names each failure with its own code.
 */
export function verifyEvidenceWithKeys(
  bundle: unknown,
  resolveKey: SignerKeyResolver,
  options: EvidenceOptions = {},
): EvidenceReport {
  assertEvidenceShape(bundle);
  const checkpoint = verifyCheckpoint(bundle.checkpoint, resolveKey);
  const entry = checkRecord(bundle);
  const proof = bundle.inclusionProof.map((hash) => Buffer.from(hash, 'base64'));
  const leaf = Buffer.from(bundle.leafHash, 'base64');
  if (
    entry.seq !== bundle.leafIndex ||
    bundle.treeSize !== checkpoint.size ||
    !verifyInclusion(leaf, bundle.leafIndex, bundle.treeSize, proof, checkpoint.rootHash)
  ) {
    throw new AuditLogError(
      'AUDIT_INCLUSION_INVALID',
      `record ${entry.seq} is not proven to be in the signed tree of size ${checkpoint.size}`,
    );
  }
  const { cosigners } = verifyCosignatures(
    bundle.cosignatures ?? [],
    bundle.checkpoint,
    checkpoint,
    resolveKey,
    options.minCosignatures ?? 0,
  );
  return { entry, checkpoint, signerKid: bundle.checkpoint.kid, cosigners };
}

/**
 * Verifies an evidence bundle offline with only the bus CA certificate: the signer certificate
 * must chain to `caPem` at `at` (default now) and name AUDIT/log, the checkpoint signature must
 * verify, the record must hash to its leaf, the leaf must be included in the signed root, and at
 * least `minCosignatures` witnessing members (certificates chained to the same CA) must have
 * cosigned that checkpoint. Returns the verified entry and the cosigners or throws a
 * AuditLogError naming the failure.
 */
export function verifyEvidence(
  bundle: unknown,
  options: EvidenceOptions & { readonly caPem: string; readonly at?: Date },
): EvidenceReport {
  assertEvidenceShape(bundle);
  return verifyEvidenceWithKeys(
    bundle,
    signerKeysFromCa(options.caPem, bundle.certificates, options.at ?? new Date()),
    options,
  );
}
