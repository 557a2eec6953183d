// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import {
  type Algorithm,
  type Parsed,
  Refusal,
  type WebCrypto,
  algorithmsOf,
  asCa,
  base64Url,
  chainOf,
  identityOf,
  parse,
  signatureMatches,
  validAt,
} from './lookup-evidence';

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

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function sha256(crypto: WebCrypto, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** RFC 9162 §2.1.3.2, as libs/audit-log's verifyInclusion. */
async function included(
  crypto: WebCrypto,
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) {
      return false;
    }
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(crypto, NODE, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(crypto, NODE, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
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

interface TrustedKey {
  readonly cert: x509.X509Certificate;
  readonly identity: { member: string; subsystem: string } | null;
  readonly algorithms: readonly Algorithm[];
}

/** The bundle's certificates chained to the bus root now, by thumbprint (libs/pki signerKeysFromCa). */
async function keysOf(
  caPem: string,
  pems: readonly string[],
  crypto: WebCrypto,
): Promise<(kid: string) => Promise<TrustedKey | undefined>> {
  let anchor: Parsed;
  const cas: Parsed[] = [];
  const leaves: Parsed[] = [];
  try {
    anchor = asCa(await parse(caPem, crypto), 'trust anchor');
    for (const pem of pems) {
      const parsed = await parse(pem, crypto);
      (parsed.isCa ? cas : leaves).push(parsed);
    }
  } catch {
    return () => Promise.resolve(undefined);
  }
  return async (kid) => {
    const leaf = leaves.find((l) => l.thumbprint === kid);
    if (!leaf) {
      return undefined;
    }
    try {
      const chain = await chainOf(leaf, [anchor, ...cas], anchor, crypto);
      validAt(chain, new Date());
    } catch (error) {
      if (error instanceof Refusal) {
        return undefined;
      }
      throw error;
    }
    return { cert: leaf.cert, identity: identityOf(leaf), algorithms: algorithmsOf(leaf.cert) };
  };
}

async function rawSignatureMatches(
  key: TrustedKey,
  alg: string,
  data: string,
  signature: string,
  crypto: WebCrypto,
): Promise<boolean> {
  if (!(key.algorithms as readonly string[]).includes(alg)) {
    return false;
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = bytesOf(signature);
  } catch {
    return false;
  }
  try {
    // ES256 raw signatures are r||s (IEEE P1363), WebCrypto's own format
    return await signatureMatches(
      alg as Algorithm,
      key.cert,
      new TextEncoder().encode(data),
      bytes,
      crypto,
    );
  } catch {
    return false;
  }
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
