import { type SignerKeyResolver, verifyRawSignature } from '@lienthong/pki';
import { HASH_SIZE } from './merkle';
import { AuditLogError } from './audit-log.errors';

/** The identity that alone may sign audit checkpoints (architecture.md: roles follow from identity). */
export const AUDIT_LOG_IDENTITY = Object.freeze({ member: 'AUDIT', subsystem: 'log' });

/** A tree head: the log of `origin` had `size` leaves with root `rootHash` at `time`. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  readonly time: Date;
}

/**
 * A checkpoint as published and kept by witnesses: the exact signed body (C2SP tlog-checkpoint
 * lines, with the time as an extension line) and a detached raw signature over its UTF-8 bytes.
 */
export interface SignedCheckpoint {
  readonly body: string;
  readonly alg: string;
  /** Thumbprint of the signing certificate: base64url(SHA-256(DER)). */
  readonly kid: string;
  /** base64 of the raw signature. */
  readonly signature: string;
}

/** What signing a checkpoint needs; the libs/pki `Signer` of AUDIT/log has this shape. */
export interface CheckpointSigner {
  readonly alg: string;
  readonly kid: string;
  sign(bytes: Uint8Array): Buffer | Promise<Buffer>;
}

const ORIGIN = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;
const SIZE = /^(0|[1-9][0-9]{0,15})$/;
const ROOT = /^[A-Za-z0-9+/]{43}=$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function malformed(message: string): AuditLogError {
  return new AuditLogError('AUDIT_CHECKPOINT_MALFORMED', message);
}

/** The signed body: `<origin>\n<size>\n<base64 root>\n<RFC 3339 time>\n`. */
export function checkpointBody(checkpoint: Checkpoint): string {
  if (!ORIGIN.test(checkpoint.origin)) {
    throw malformed('origin must be one printable ASCII line');
  }
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw malformed('size must be a non-negative integer');
  }
  if (checkpoint.rootHash.length !== HASH_SIZE) {
    throw malformed('root hash must be 32 bytes');
  }
  return [
    checkpoint.origin,
    String(checkpoint.size),
    checkpoint.rootHash.toString('base64'),
    checkpoint.time.toISOString(),
    '',
  ].join('\n');
}

/** Parses a body strictly (one spelling per checkpoint); throws AUDIT_CHECKPOINT_MALFORMED. */
export function parseCheckpointBody(body: string): Checkpoint {
  const lines = typeof body === 'string' ? body.split('\n') : [];
  if (lines.length !== 5 || lines[4] !== '') {
    throw malformed('a checkpoint body has exactly four lines, each ending in a newline');
  }
  const [origin, size, root, time] = lines;
  if (!ORIGIN.test(origin) || !SIZE.test(size) || !ROOT.test(root) || !TIME.test(time)) {
    throw malformed('checkpoint origin, size, root or time is malformed');
  }
  const at = new Date(time);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== time) {
    throw malformed('checkpoint time is not a valid instant');
  }
  const checkpoint = {
    origin,
    size: Number(size),
    rootHash: Buffer.from(root, 'base64'),
    time: at,
  };
  if (!Number.isSafeInteger(checkpoint.size)) {
    throw malformed('checkpoint size is too large');
  }
  return checkpoint;
}

/** Signs a checkpoint with the AUDIT/log signer (detached, raw signature over the body bytes). */
export async function signCheckpoint(
  checkpoint: Checkpoint,
  signer: CheckpointSigner,
): Promise<SignedCheckpoint> {
  const body = checkpointBody(checkpoint);
  const signature = await signer.sign(Buffer.from(body, 'utf8'));
  return { body, alg: signer.alg, kid: signer.kid, signature: signature.toString('base64') };
}

function assertShape(value: unknown): asserts value is SignedCheckpoint {
  const cp = value as Partial<Record<keyof SignedCheckpoint, unknown>> | null;
  if (
    typeof cp !== 'object' ||
    cp === null ||
    typeof cp.body !== 'string' ||
    typeof cp.alg !== 'string' ||
    typeof cp.kid !== 'string' ||
    typeof cp.signature !== 'string'
  ) {
    throw malformed('a signed checkpoint has string body, alg, kid and signature');
  }
}

/**
 * Verifies a signed checkpoint against keys the caller trusts and returns its content. Names the
 * failure: AUDIT_CHECKPOINT_MALFORMED, AUDIT_CERT_UNTRUSTED (no trusted certificate for the kid),
 * AUDIT_CHECKPOINT_SIGNER_INVALID (the certificate is not AUDIT/log) or
 * AUDIT_CHECKPOINT_SIGNATURE_INVALID.
 */
export function verifyCheckpoint(signed: unknown, resolveKey: SignerKeyResolver): Checkpoint {
  assertShape(signed);
  const checkpoint = parseCheckpointBody(signed.body);
  const key = resolveKey(signed.kid);
  if (key === undefined) {
    throw new AuditLogError(
      'AUDIT_CERT_UNTRUSTED',
      `no certificate trusted by the bus CA has thumbprint ${signed.kid}`,
    );
  }
  if (
    key.identity?.member !== AUDIT_LOG_IDENTITY.member ||
    key.identity.subsystem !== AUDIT_LOG_IDENTITY.subsystem
  ) {
    throw new AuditLogError(
      'AUDIT_CHECKPOINT_SIGNER_INVALID',
      'checkpoints are valid only when signed by AUDIT/log',
    );
  }
  const signature = Buffer.from(signed.signature, 'base64');
  if (
    !key.algorithms.includes(signed.alg) ||
    !verifyRawSignature(signed.alg, key.publicKey, Buffer.from(signed.body, 'utf8'), signature)
  ) {
    throw new AuditLogError(
      'AUDIT_CHECKPOINT_SIGNATURE_INVALID',
      `signature over checkpoint of size ${checkpoint.size} does not verify`,
    );
  }
  return checkpoint;
}
