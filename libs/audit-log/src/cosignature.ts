import { createHash } from 'node:crypto';
import { type SignerKeyResolver, verifyRawSignature } from '@lienthong/pki';
import {
  type Checkpoint,
  type CheckpointSigner,
  type SignedCheckpoint,
  AUDIT_LOG_IDENTITY,
} from './checkpoint';
import { AuditLogError } from './audit-log.errors';

/**
 * A witness's statement that it verified a checkpoint as consistent with every earlier one it
 * saw (C2SP tlog-witness): the checkpoint's origin, size and root, a digest binding it to the
 * exact signed checkpoint, the time, and a raw signature by the witness's bus certificate over
 * {@link cosignatureBody}. The fields travel structured so that readers need no parser; the
 * signed text is rebuilt from them, so there is exactly one spelling to verify.
 */
export interface Cosignature {
  readonly origin: string;
  readonly size: number;
  /** base64 root hash of the cosigned checkpoint. */
  readonly root: string;
  /** `sha-256:<base64url>` of the checkpoint's raw signature bytes (see {@link checkpointDigest}). */
  readonly checkpointDigest: string;
  /** RFC 3339 time the witness cosigned, millisecond precision. */
  readonly time: string;
  readonly alg: string;
  /** Thumbprint of the witness's signing certificate. */
  readonly kid: string;
  /** base64 raw signature over {@link cosignatureBody}. */
  readonly signature: string;
}

/** What a verified cosignature proves: which member system vouched for which checkpoint. */
export interface VerifiedCosignature {
  readonly witness: { readonly member: string; readonly subsystem: string };
  readonly size: number;
  readonly time: Date;
}

/** First line of the signed text: separates cosignatures from every other signed thing. */
const COSIGNATURE_HEADER = 'lienthong-cosignature/v1';
const ORIGIN = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;
const ROOT = /^[A-Za-z0-9+/]{43}=$/;
const DIGEST = /^sha-256:[A-Za-z0-9_-]{43}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function invalid(message: string): AuditLogError {
  return new AuditLogError('AUDIT_COSIGNATURE_INVALID', message);
}

/** Binds a cosignature to one signed checkpoint (not just to its size and root). */
export function checkpointDigest(signed: SignedCheckpoint): string {
  const hash = createHash('sha256').update(Buffer.from(signed.signature, 'base64'));
  return `sha-256:${hash.digest('base64url')}`;
}

/** The exact text a witness signs. */
export function cosignatureBody(
  fields: Pick<Cosignature, 'origin' | 'size' | 'root' | 'checkpointDigest' | 'time'>,
): string {
  return [
    COSIGNATURE_HEADER,
    fields.origin,
    String(fields.size),
    fields.root,
    fields.checkpointDigest,
    fields.time,
    '',
  ].join('\n');
}

/** Cosigns a checkpoint the caller has already verified and found consistent. */
export async function signCosignature(
  signed: SignedCheckpoint,
  checkpoint: Checkpoint,
  signer: CheckpointSigner,
  time: Date = new Date(),
): Promise<Cosignature> {
  const fields = {
    origin: checkpoint.origin,
    size: checkpoint.size,
    root: checkpoint.rootHash.toString('base64'),
    checkpointDigest: checkpointDigest(signed),
    time: time.toISOString(),
  };
  const signature = await signer.sign(Buffer.from(cosignatureBody(fields), 'utf8'));
  return { ...fields, alg: signer.alg, kid: signer.kid, signature: signature.toString('base64') };
}

/** Checks the shape of an untrusted cosignature; throws AUDIT_COSIGNATURE_INVALID. */
export function assertCosignatureShape(value: unknown): asserts value is Cosignature {
  const c = value as Partial<Record<keyof Cosignature, unknown>> | null;
  const strings = ['origin', 'root', 'checkpointDigest', 'time', 'alg', 'kid', 'signature'];
  if (
    typeof c !== 'object' ||
    c === null ||
    !strings.every((key) => typeof c[key as keyof Cosignature] === 'string') ||
    typeof c.size !== 'number' ||
    !Number.isSafeInteger(c.size) ||
    c.size < 0
  ) {
    throw invalid(
      'a cosignature has origin, size, root, checkpointDigest, time, alg, kid, signature',
    );
  }
  const cs = c as Cosignature;
  if (
    !ORIGIN.test(cs.origin) ||
    !ROOT.test(cs.root) ||
    !DIGEST.test(cs.checkpointDigest) ||
    !TIME.test(cs.time)
  ) {
    throw invalid('cosignature origin, root, checkpoint digest or time is malformed');
  }
}

/**
 * Verifies one cosignature of `signed` (whose content is `checkpoint`, already verified) with
 * keys the caller trusts. A witness must be a member system other than the log itself: the log
 * vouching for its own checkpoint adds nothing. Throws AUDIT_COSIGNATURE_INVALID (shape, wrong
 * checkpoint, bad signature), AUDIT_CERT_UNTRUSTED or AUDIT_COSIGNER_INVALID.
 */
export function verifyCosignature(
  value: unknown,
  signed: SignedCheckpoint,
  checkpoint: Checkpoint,
  resolveKey: SignerKeyResolver,
): VerifiedCosignature {
  assertCosignatureShape(value);
  if (
    value.origin !== checkpoint.origin ||
    value.size !== checkpoint.size ||
    value.root !== checkpoint.rootHash.toString('base64') ||
    value.checkpointDigest !== checkpointDigest(signed)
  ) {
    throw invalid(`cosignature by ${value.kid} is about another checkpoint`);
  }
  const key = resolveKey(value.kid);
  if (key === undefined) {
    throw new AuditLogError(
      'AUDIT_CERT_UNTRUSTED',
      `no certificate trusted by the bus CA has thumbprint ${value.kid}`,
    );
  }
  const identity = key.identity;
  if (identity === null || identity.member === AUDIT_LOG_IDENTITY.member) {
    throw new AuditLogError(
      'AUDIT_COSIGNER_INVALID',
      'a witness is a member system other than the audit log',
    );
  }
  const body = Buffer.from(cosignatureBody(value), 'utf8');
  if (
    !key.algorithms.includes(value.alg) ||
    !verifyRawSignature(value.alg, key.publicKey, body, Buffer.from(value.signature, 'base64'))
  ) {
    throw invalid(`cosignature by ${identity.member}/${identity.subsystem} does not verify`);
  }
  return {
    witness: { member: identity.member, subsystem: identity.subsystem },
    size: value.size,
    time: new Date(value.time),
  };
}

/** Outcome of a k-of-n check. */
export interface CosignatureReport {
  /** Distinct witnessing members whose cosignature verified, sorted. */
  readonly cosigners: readonly string[];
  /** Cosignatures that did not verify, with the reason (they count for nothing). */
  readonly rejected: readonly { readonly kid: string; readonly code: string }[];
}

/**
 * Verifies every cosignature offered for a checkpoint and requires at least `min` distinct
 * witnessing members (k-of-n: one member's systems count once, so a member cannot outvote the
 * others by registering more subsystems). A cosignature that fails is reported, not fatal: a
 * bundle may carry one from a witness whose certificate has since expired and still meet k.
 * Throws AUDIT_COSIGNATURES_INSUFFICIENT when fewer than `min` verify.
 */
export function verifyCosignatures(
  cosignatures: readonly unknown[],
  signed: SignedCheckpoint,
  checkpoint: Checkpoint,
  resolveKey: SignerKeyResolver,
  min = 0,
): CosignatureReport {
  const members = new Set<string>();
  const rejected: { kid: string; code: string }[] = [];
  for (const cosignature of cosignatures) {
    try {
      members.add(verifyCosignature(cosignature, signed, checkpoint, resolveKey).witness.member);
    } catch (error) {
      const kid = (cosignature as { kid?: unknown } | null)?.kid;
      rejected.push({
        kid: typeof kid === 'string' ? kid.slice(0, 64) : '',
        code: error instanceof AuditLogError ? error.code : 'AUDIT_COSIGNATURE_INVALID',
      });
    }
  }
  const cosigners = [...members].sort();
  if (cosigners.length < min) {
    throw new AuditLogError(
      'AUDIT_COSIGNATURES_INSUFFICIENT',
      `checkpoint of size ${checkpoint.size} has ${cosigners.length} valid witness cosignature(s) (${cosigners.join(', ') || 'none'}), ${min} required`,
      { details: { cosigners, required: min, rejected } },
    );
  }
  return { cosigners, rejected };
}
