// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { type WebCrypto, base64Url } from './lookup-evidence';
import { LEAF, bytesOf, equal, included, sha256 } from './merkle';
import { type TrustedKey, keysOf, rawSignatureMatches } from './trusted-keys';

/** The checks of an audit evidence bundle, in the order `lt verify-evidence` makes them. */
export const EVIDENCE_CHECKS = ['shape', 'checkpoint', 'record', 'inclusion', 'witnesses'] as const;
export type EvidenceCheck = (typeof EVIDENCE_CHECKS)[number];

/** One check's result: passed, failed with the code `lt verify-evidence` gives, or not reached. */
export interface CheckResult {
  readonly check: EvidenceCheck;
  readonly state: 'passed' | 'failed' | 'skipped';
  readonly code?: string;
  readonly message?: string;
}

/** What the browser established about one bundle. */
export interface AuditEvidenceVerdict {
  readonly verified: boolean;
  /** The first failure's code (AUDIT_RECORD_TAMPERED, AUDIT_INCLUSION_INVALID, …). */
  readonly code?: string;
  readonly checks: readonly CheckResult[];
  readonly seq?: number;
  readonly treeSize?: number;
  readonly checkpointTime?: string;
  readonly messageId?: string;
  /** Witnessing members whose cosignature verified, sorted. */
  readonly cosigners: readonly string[];
  /** Cosignatures that did not verify (they count for nothing), with the reason. */
  readonly rejected: readonly { readonly kid: string; readonly code: string }[];
}

const FORMAT = 'urn:lienthong:audit:evidence';
const B64_HASH = /^[A-Za-z0-9+/]{43}=$/;
const ORIGIN = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;
const SIZE = /^(0|[1-9][0-9]{0,15})$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DIGEST = /^sha-256:[A-Za-z0-9_-]{43}$/;
const COSIGNATURE_HEADER = 'lienthong-cosignature/v1';

class Failed extends Error {
  constructor(
    readonly check: EvidenceCheck,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Bundle {
  readonly entry: string;
  readonly leafIndex: number;
  readonly leafHash: string;
  readonly treeSize: number;
  readonly inclusionProof: readonly string[];
  readonly checkpoint: { body: string; alg: string; kid: string; signature: string };
  readonly envelope: { payloadDigest?: string; signatureDigest?: string };
  readonly certificates: readonly string[];
  readonly cosignatures?: readonly unknown[];
}

function shapeOf(value: unknown): Bundle {
  const fail = (message: string) => new Failed('shape', 'AUDIT_BUNDLE_MALFORMED', message);
  const b = value as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null || b['format'] !== FORMAT || b['version'] !== 1) {
    throw fail(`not a version 1 ${FORMAT} bundle`);
  }
  const isIndex = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (typeof b['entry'] !== 'string' || !isIndex(b['leafIndex']) || !isIndex(b['treeSize'])) {
    throw fail('entry, leafIndex and treeSize are required');
  }
  if (typeof b['leafHash'] !== 'string' || !B64_HASH.test(b['leafHash'])) {
    throw fail('leafHash must be a base64 SHA-256 hash');
  }
  const proof = b['inclusionProof'];
  if (!Array.isArray(proof) || proof.length > 64 || !proof.every((h) => B64_HASH.test(String(h)))) {
    throw fail('inclusionProof must be at most 64 base64 SHA-256 hashes');
  }
  const certs = b['certificates'];
  if (!Array.isArray(certs) || certs.length === 0 || !certs.every((c) => typeof c === 'string')) {
    throw fail('certificates must be a non-empty list of PEM strings');
  }
  if (typeof b['envelope'] !== 'object' || b['envelope'] === null) {
    throw fail('envelope and checkpoint are required');
  }
  if (typeof b['checkpoint'] !== 'object' || b['checkpoint'] === null) {
    throw fail('envelope and checkpoint are required');
  }
  const cosignatures = b['cosignatures'];
  if (cosignatures !== undefined && (!Array.isArray(cosignatures) || cosignatures.length > 256)) {
    throw fail('cosignatures must be a list of at most 256 cosignatures');
  }
  return b as unknown as Bundle;
}

interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly time: string;
}

function checkpointOf(body: unknown): Checkpoint {
  const fail = (message: string) => new Failed('checkpoint', 'AUDIT_CHECKPOINT_MALFORMED', message);
  const lines = typeof body === 'string' ? body.split('\n') : [];
  if (lines.length !== 5 || lines[4] !== '') {
    throw fail('a checkpoint body has exactly four lines, each ending in a newline');
  }
  const [origin = '', size = '', root = '', time = ''] = lines;
  if (!ORIGIN.test(origin) || !SIZE.test(size) || !B64_HASH.test(root) || !TIME.test(time)) {
    throw fail('checkpoint origin, size, root or time is malformed');
  }
  const at = new Date(time);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== time || !Number.isSafeInteger(+size)) {
    throw fail('checkpoint time or size is not valid');
  }
  return { origin, size: Number(size), root, time };
}

async function verifyCheckpoint(
  bundle: Bundle,
  resolve: (kid: string) => Promise<TrustedKey | undefined>,
  crypto: WebCrypto,
): Promise<Checkpoint> {
  const signed = bundle.checkpoint;
  if (
    typeof signed.body !== 'string' ||
    typeof signed.alg !== 'string' ||
    typeof signed.kid !== 'string' ||
    typeof signed.signature !== 'string'
  ) {
    throw new Failed(
      'checkpoint',
      'AUDIT_CHECKPOINT_MALFORMED',
      'a signed checkpoint has string body, alg, kid and signature',
    );
  }
  const checkpoint = checkpointOf(signed.body);
  const key = await resolve(signed.kid);
  if (key === undefined) {
    throw new Failed(
      'checkpoint',
      'AUDIT_CERT_UNTRUSTED',
      `no certificate trusted by the bus CA has thumbprint ${signed.kid}`,
    );
  }
  if (key.identity?.member !== 'AUDIT' || key.identity.subsystem !== 'log') {
    throw new Failed(
      'checkpoint',
      'AUDIT_CHECKPOINT_SIGNER_INVALID',
      'checkpoints are valid only when signed by AUDIT/log',
    );
  }
  if (!(await rawSignatureMatches(key, signed.alg, signed.body, signed.signature, crypto))) {
    throw new Failed(
      'checkpoint',
      'AUDIT_CHECKPOINT_SIGNATURE_INVALID',
      `signature over checkpoint of size ${checkpoint.size} does not verify`,
    );
  }
  return checkpoint;
}

interface Entry {
  readonly seq: number;
  readonly record: { messageId?: string; payloadDigest?: string; signatureDigest?: string };
}

async function verifyRecord(bundle: Bundle, crypto: WebCrypto): Promise<Entry> {
  const tampered = (message: string) => new Failed('record', 'AUDIT_RECORD_TAMPERED', message);
  const hash = await sha256(crypto, LEAF, new TextEncoder().encode(bundle.entry));
  if (!equal(hash, bytesOf(bundle.leafHash))) {
    throw tampered('the record does not hash to its leaf');
  }
  let entry: Entry;
  try {
    entry = JSON.parse(bundle.entry) as Entry;
  } catch {
    throw tampered('the record is not an entry');
  }
  if (
    typeof entry !== 'object' ||
    entry === null ||
    (entry as { v?: unknown }).v !== 1 ||
    !Number.isSafeInteger(entry.seq) ||
    typeof entry.record !== 'object' ||
    entry.record === null
  ) {
    throw tampered('the record is not an entry');
  }
  const { payloadDigest, signatureDigest } = bundle.envelope;
  if (
    payloadDigest !== entry.record.payloadDigest ||
    signatureDigest !== entry.record.signatureDigest
  ) {
    throw tampered('the envelope digests differ from the logged record');
  }
  return entry;
}

interface Cosignature {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly checkpointDigest: string;
  readonly time: string;
  readonly alg: string;
  readonly kid: string;
  readonly signature: string;
}

async function verifyCosignature(
  value: unknown,
  bundle: Bundle,
  checkpoint: Checkpoint,
  resolve: (kid: string) => Promise<TrustedKey | undefined>,
  crypto: WebCrypto,
): Promise<string> {
  const invalid = (message: string) =>
    new Failed('witnesses', 'AUDIT_COSIGNATURE_INVALID', message);
  const c = value as Partial<Cosignature> | null;
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
    !B64_HASH.test(cs.root) ||
    !DIGEST.test(cs.checkpointDigest) ||
    !TIME.test(cs.time)
  ) {
    throw invalid('cosignature origin, root, checkpoint digest or time is malformed');
  }
  const digest = `sha-256:${base64Url(
    (await sha256(crypto, bytesOf(bundle.checkpoint.signature))).slice().buffer,
  )}`;
  if (
    cs.origin !== checkpoint.origin ||
    cs.size !== checkpoint.size ||
    cs.root !== checkpoint.root ||
    cs.checkpointDigest !== digest
  ) {
    throw invalid(`cosignature by ${cs.kid} is about another checkpoint`);
  }
  const key = await resolve(cs.kid);
  if (key === undefined) {
    throw new Failed('witnesses', 'AUDIT_CERT_UNTRUSTED', `no trusted certificate ${cs.kid}`);
  }
  if (key.identity === null || key.identity.member === 'AUDIT') {
    throw new Failed(
      'witnesses',
      'AUDIT_COSIGNER_INVALID',
      'a witness is a member system other than the audit log',
    );
  }
  const body = [
    COSIGNATURE_HEADER,
    cs.origin,
    String(cs.size),
    cs.root,
    cs.checkpointDigest,
    cs.time,
    '',
  ].join('\n');
  if (!(await rawSignatureMatches(key, cs.alg, body, cs.signature, crypto))) {
    throw invalid(
      `cosignature by ${key.identity.member}/${key.identity.subsystem} does not verify`,
    );
  }
  return key.identity.member;
}

/**
 * Verifies an audit evidence bundle in the browser (WebCrypto, no server involved) with the bus
 * root CA certificate alone, by the rules, in the order and with the codes of `lt verify-evidence`
 * (libs/audit-log verifyEvidence): the bundle's shape; the checkpoint signed by AUDIT/log with a
 * certificate chained to the root and valid now; the record hashing to its leaf and matching the
 * envelope digests; the leaf included in the signed tree; the witnesses' cosignatures of that
 * checkpoint (a cosignature that fails is listed and counts for nothing; at least
 * `minCosignatures` distinct members must verify). Each check's result is returned, so the page
 * can show which one failed.
 */
export async function verifyAuditEvidence(
  input: unknown,
  caPem: string,
  options: { minCosignatures?: number; crypto?: WebCrypto } = {},
): Promise<AuditEvidenceVerdict> {
  const crypto = options.crypto ?? globalThis.crypto;
  x509.cryptoProvider.set(crypto);
  const passed: CheckResult[] = [];
  const report: {
    seq?: number;
    treeSize?: number;
    checkpointTime?: string;
    messageId?: string;
    cosigners: string[];
    rejected: { kid: string; code: string }[];
  } = { cosigners: [], rejected: [] };
  const done = (failure?: Failed): AuditEvidenceVerdict => {
    const checks: CheckResult[] = EVIDENCE_CHECKS.map((check) => {
      const ok = passed.find((p) => p.check === check);
      if (ok) {
        return ok;
      }
      if (failure?.check === check) {
        return { check, state: 'failed', code: failure.code, message: failure.message };
      }
      return { check, state: 'skipped' };
    });
    return {
      verified: failure === undefined,
      ...(failure ? { code: failure.code } : {}),
      checks,
      ...report,
    };
  };
  try {
    const bundle = shapeOf(input);
    passed.push({ check: 'shape', state: 'passed' });
    const resolve = await keysOf(caPem, bundle.certificates, crypto);
    const checkpoint = await verifyCheckpoint(bundle, resolve, crypto);
    report.treeSize = checkpoint.size;
    report.checkpointTime = checkpoint.time;
    passed.push({ check: 'checkpoint', state: 'passed' });
    const entry = await verifyRecord(bundle, crypto);
    report.seq = entry.seq;
    if (typeof entry.record.messageId === 'string') {
      report.messageId = entry.record.messageId;
    }
    passed.push({ check: 'record', state: 'passed' });
    const proof = bundle.inclusionProof.map(bytesOf);
    if (
      entry.seq !== bundle.leafIndex ||
      bundle.treeSize !== checkpoint.size ||
      !(await included(
        crypto,
        bytesOf(bundle.leafHash),
        bundle.leafIndex,
        bundle.treeSize,
        proof,
        bytesOf(checkpoint.root),
      ))
    ) {
      throw new Failed(
        'inclusion',
        'AUDIT_INCLUSION_INVALID',
        `record ${entry.seq} is not proven to be in the signed tree of size ${checkpoint.size}`,
      );
    }
    passed.push({ check: 'inclusion', state: 'passed' });
    const members = new Set<string>();
    for (const cosignature of bundle.cosignatures ?? []) {
      try {
        members.add(await verifyCosignature(cosignature, bundle, checkpoint, resolve, crypto));
      } catch (error) {
        const kid = (cosignature as { kid?: unknown } | null)?.kid;
        report.rejected.push({
          kid: typeof kid === 'string' ? kid.slice(0, 64) : '',
          code: error instanceof Failed ? error.code : 'AUDIT_COSIGNATURE_INVALID',
        });
      }
    }
    report.cosigners = [...members].sort();
    const min = options.minCosignatures ?? 0;
    if (report.cosigners.length < min) {
      throw new Failed(
        'witnesses',
        'AUDIT_COSIGNATURES_INSUFFICIENT',
        `${report.cosigners.length} valid witness cosignature(s), ${min} required`,
      );
    }
    passed.push({ check: 'witnesses', state: 'passed' });
    return done();
  } catch (error) {
    if (error instanceof Failed) {
      return done(error);
    }
    return done(new Failed('shape', 'AUDIT_BUNDLE_MALFORMED', String(error)));
  }
}
