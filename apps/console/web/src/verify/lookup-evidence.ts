// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { canonicalJson } from './canonical-json';

/** What the check of a look-up's evidence established, or the first check that failed. */
export type EvidenceVerdict =
  | {
      readonly verified: true;
      /** `MEMBER/subsystem` of the signer (= the response's sender). */
      readonly provider: string;
      readonly messageId: string;
      readonly type: string;
      readonly issuedAt: string;
      /** base64url SHA-256 of the signer's certificate. */
      readonly certificate: string;
      readonly payload: unknown;
    }
  | { readonly verified: false; readonly code: string; readonly message: string };

export class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ALGORITHMS = ['ES256', 'EdDSA', 'RS256', 'PS256'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
const KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MEMBER_CODE = /^[A-Z][A-Z0-9]{1,15}$/;
const SUBSYSTEM_CODE = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_CHAIN_LENGTH = 6;
const MIN_RSA_BITS = 2048;

/** WebCrypto, as the browser (or Node, in the tests) provides it. */
export type WebCrypto = typeof globalThis.crypto;

export function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

export function base64Url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface Parsed {
  readonly cert: x509.X509Certificate;
  readonly isCa: boolean;
  readonly keyUsage?: number;
  readonly pathLength?: number;
  readonly thumbprint: string;
}

export async function parse(pem: string, crypto: WebCrypto): Promise<Parsed> {
  if (typeof pem !== 'string' || (pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length !== 1) {
    throw new Refusal('PKI_CERT_INVALID', 'expected exactly one PEM certificate');
  }
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(pem);
  } catch {
    throw new Refusal('PKI_CERT_INVALID', 'certificate cannot be parsed');
  }
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  return {
    cert,
    isCa: basic?.ca === true,
    ...(usage ? { keyUsage: usage.usages } : {}),
    ...(basic?.pathLength !== undefined ? { pathLength: basic.pathLength } : {}),
    thumbprint: base64Url(await crypto.subtle.digest('SHA-256', cert.rawData)),
  };
}

export function asCa(parsed: Parsed, role: string): Parsed {
  const canSign =
    parsed.keyUsage === undefined || (parsed.keyUsage & x509.KeyUsageFlags.keyCertSign) !== 0;
  if (!parsed.isCa || !canSign) {
    throw new Refusal('PKI_CERT_INVALID', `${role} is not a CA certificate`);
  }
  return parsed;
}

function single(name: x509.Name, field: string): string | undefined {
  const values = name.getField(field);
  return values.length === 1 ? values[0] : undefined;
}

export function identityOf(parsed: Parsed): { member: string; subsystem: string } | null {
  if (parsed.isCa) {
    return null;
  }
  const member = single(parsed.cert.subjectName, 'CN');
  const subsystem = single(parsed.cert.subjectName, 'OU');
  return member && subsystem && MEMBER_CODE.test(member) && SUBSYSTEM_CODE.test(subsystem)
    ? { member, subsystem }
    : null;
}

function sameName(a: x509.Name, b: x509.Name): boolean {
  const x = new Uint8Array(a.toArrayBuffer());
  const y = new Uint8Array(b.toArrayBuffer());
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

async function signedBy(child: Parsed, ca: Parsed, crypto: WebCrypto): Promise<boolean> {
  if (!sameName(child.cert.issuerName, ca.cert.subjectName)) {
    return false;
  }
  try {
    return await child.cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }, crypto);
  } catch {
    return false;
  }
}

/** leaf → … → anchor, as libs/pki's TrustStore builds it (issuer name, signature, pathLen). */
export async function chainOf(
  leaf: Parsed,
  cas: readonly Parsed[],
  anchor: Parsed,
  crypto: WebCrypto,
): Promise<Parsed[]> {
  if (identityOf(leaf) === null) {
    throw new Refusal('PKI_CERT_NOT_MEMBER', 'the certificate does not name a member subsystem');
  }
  if (leaf.keyUsage !== undefined && (leaf.keyUsage & x509.KeyUsageFlags.digitalSignature) === 0) {
    throw new Refusal('PKI_CERT_INVALID', 'the certificate may not make digital signatures');
  }
  const chain = [leaf];
  const seen = new Set([leaf.thumbprint]);
  for (let current = leaf; chain.length < MAX_CHAIN_LENGTH;) {
    const below = chain.length - 1;
    let parent: Parsed | undefined;
    for (const ca of cas) {
      if (
        !seen.has(ca.thumbprint) &&
        (ca.pathLength === undefined || below <= ca.pathLength) &&
        (await signedBy(current, ca, crypto))
      ) {
        parent = ca;
        break;
      }
    }
    if (!parent) {
      throw new Refusal('PKI_CERT_UNTRUSTED', 'no trusted CA issued the certificate');
    }
    chain.push(parent);
    if (parent.thumbprint === anchor.thumbprint) {
      return chain;
    }
    seen.add(parent.thumbprint);
    current = parent;
  }
  throw new Refusal('PKI_CERT_UNTRUSTED', 'certificate chain is too long');
}

export function algorithmsOf(cert: x509.X509Certificate): readonly Algorithm[] {
  const algorithm = cert.publicKey.algorithm as {
    name: string;
    namedCurve?: string;
    modulusLength?: number;
  };
  if (algorithm.name === 'ECDSA') {
    return algorithm.namedCurve === 'P-256' ? ['ES256'] : [];
  }
  if (algorithm.name === 'Ed25519' || algorithm.name === 'EdDSA') {
    return ['EdDSA'];
  }
  if (algorithm.name.startsWith('RSA')) {
    return ['RS256', 'PS256'];
  }
  return [];
}

export async function signatureMatches(
  alg: Algorithm,
  cert: x509.X509Certificate,
  input: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
  crypto: WebCrypto,
): Promise<boolean> {
  const spki = cert.publicKey.rawData;
  try {
    switch (alg) {
      case 'ES256': {
        const key = await crypto.subtle.importKey(
          'spki',
          spki,
          { name: 'ECDSA', namedCurve: 'P-256' },
          false,
          ['verify'],
        );
        // JWS ECDSA signatures are r||s (RFC 7518 §3.4), which is WebCrypto's own format
        return (
          signature.length === 64 &&
          (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, input))
        );
      }
      case 'EdDSA': {
        const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, [
          'verify',
        ]);
        return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, input);
      }
      case 'RS256':
      case 'PS256': {
        const name = alg === 'RS256' ? 'RSASSA-PKCS1-v1_5' : 'RSA-PSS';
        const key = await crypto.subtle.importKey('spki', spki, { name, hash: 'SHA-256' }, false, [
          'verify',
        ]);
        const bits = (key.algorithm as unknown as { modulusLength?: number }).modulusLength ?? 0;
        if (bits < MIN_RSA_BITS) {
          throw new Refusal('PKI_ALGORITHM_REJECTED', 'RSA keys under 2048 bits are refused');
        }
        return await crypto.subtle.verify(
          alg === 'RS256' ? { name } : { name, saltLength: 32 },
          key,
          signature,
          input,
        );
      }
    }
  } catch (error) {
    if (error instanceof Refusal) {
      throw error;
    }
    return false;
  }
}

interface DetachedJws {
  readonly encodedHeader: string;
  readonly alg: Algorithm;
  readonly kid: string;
  readonly signature: string;
}

function readJws(jws: string): DetachedJws {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  if (parts.length !== 3 || parts[1] !== '' || !BASE64URL.test(parts[0] ?? '')) {
    throw new Refusal('PKI_JWS_MALFORMED', 'expected a detached JWS "protected..signature"');
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlBytes(parts[0])));
  } catch {
    throw new Refusal('PKI_JWS_MALFORMED', 'JWS protected header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new Refusal('PKI_JWS_MALFORMED', 'JWS protected header is not an object');
  }
  const h = header as Record<string, unknown>;
  if (typeof h['alg'] !== 'string') {
    throw new Refusal('PKI_JWS_MALFORMED', 'JWS header has no alg');
  }
  if (!(ALGORITHMS as readonly string[]).includes(h['alg'])) {
    throw new Refusal(
      'PKI_ALGORITHM_REJECTED',
      `algorithm ${h['alg'].slice(0, 16)} is not accepted`,
    );
  }
  if (KEY_HEADERS.some((name) => name in h)) {
    throw new Refusal('PKI_JWS_MALFORMED', 'keys come from the trust store, never from the JWS');
  }
  const crit = h['crit'];
  if (h['b64'] !== false || !Array.isArray(crit) || crit.length !== 1 || crit[0] !== 'b64') {
    throw new Refusal('PKI_JWS_MALFORMED', 'JWS must have b64:false and crit:["b64"]');
  }
  if (typeof h['kid'] !== 'string' || h['kid'] === '') {
    throw new Refusal('PKI_JWS_MALFORMED', 'JWS header has no kid');
  }
  if (!BASE64URL.test(parts[2] ?? '')) {
    throw new Refusal('PKI_JWS_MALFORMED', 'JWS signature is not base64url');
  }
  return {
    encodedHeader: parts[0],
    alg: h['alg'] as Algorithm,
    kid: h['kid'],
    signature: parts[2],
  };
}

export function validAt(chain: readonly Parsed[], at: Date): void {
  const time = at.getTime();
  if (Number.isNaN(time)) {
    throw new Refusal('PKI_CERT_INVALID', 'verification time is not a valid date');
  }
  for (const { cert } of chain) {
    if (time < cert.notBefore.getTime()) {
      throw new Refusal('PKI_CERT_NOT_YET_VALID', 'a certificate of the chain is not yet valid');
    }
    if (time > cert.notAfter.getTime()) {
      throw new Refusal('PKI_CERT_EXPIRED', 'a certificate of the chain has expired');
    }
  }
}

async function check(input: unknown, caPem: string, crypto: WebCrypto): Promise<EvidenceVerdict> {
  const evidence = ((input as { evidence?: unknown } | null)?.evidence ?? input) as {
    response?: { body?: unknown; encoding?: unknown; signature?: unknown };
    certificates?: unknown;
  } | null;
  const response = evidence?.response;
  const certificates = evidence?.certificates;
  if (
    typeof response?.body !== 'string' ||
    response.body === '' ||
    response.encoding !== 'base64url' ||
    typeof response.signature !== 'string' ||
    response.signature === '' ||
    !Array.isArray(certificates) ||
    certificates.length === 0
  ) {
    throw new Refusal(
      'EVIDENCE_MALFORMED',
      'expected response.body (base64url), response.signature and certificates',
    );
  }
  const bytes = base64UrlBytes(response.body);
  let body: {
    id: string;
    type: string;
    issuedAt: string;
    sender: { member: string; subsystem: string };
  };
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as typeof body;
  } catch {
    throw new Refusal('EVIDENCE_MALFORMED', 'the signed response is not JSON');
  }
  const anchor = asCa(await parse(caPem, crypto), 'trust anchor');
  const [leafPem, ...intermediatePems] = certificates as string[];
  const intermediates: Parsed[] = [];
  for (const pem of intermediatePems) {
    intermediates.push(asCa(await parse(pem, crypto), 'intermediate'));
  }
  const leaf = await parse(leafPem, crypto);
  const jws = readJws(response.signature);
  if (jws.kid !== leaf.thumbprint) {
    throw new Refusal('PKI_CERT_UNKNOWN', 'no certificate of the evidence has the signature’s kid');
  }
  const chain = await chainOf(leaf, [anchor, ...intermediates], anchor, crypto);
  // the certificates must have been valid when the provider signed, not necessarily today
  validAt(chain, new Date(body.issuedAt));
  if (!algorithmsOf(leaf.cert).includes(jws.alg)) {
    throw new Refusal('PKI_ALGORITHM_REJECTED', `${jws.alg} does not fit the certificate key`);
  }
  const prefix = new TextEncoder().encode(`${jws.encodedHeader}.`);
  const signingInput = new Uint8Array(prefix.length + bytes.length);
  signingInput.set(prefix);
  signingInput.set(bytes, prefix.length);
  if (
    !(await signatureMatches(
      jws.alg,
      leaf.cert,
      signingInput,
      base64UrlBytes(jws.signature),
      crypto,
    ))
  ) {
    throw new Refusal('PKI_SIGNATURE_INVALID', 'JWS signature does not verify');
  }
  const canonical = new TextEncoder().encode(canonicalJson(body));
  if (canonical.length !== bytes.length || canonical.some((v, i) => v !== bytes[i])) {
    throw new Refusal('EVIDENCE_NOT_CANONICAL', 'the signed bytes are not in canonical form');
  }
  const signer = identityOf(leaf);
  if (
    !signer ||
    signer.member !== body.sender?.member ||
    signer.subsystem !== body.sender?.subsystem
  ) {
    throw new Refusal(
      'EVIDENCE_SENDER_MISMATCH',
      'the certificate does not belong to the sender named in the response',
    );
  }
  return {
    verified: true,
    provider: `${signer.member}/${signer.subsystem}`,
    messageId: body.id,
    type: body.type,
    issuedAt: body.issuedAt,
    certificate: leaf.thumbprint,
    payload: (body as { payload?: unknown }).payload,
  };
}

/**
 * Verifies a look-up's evidence in the browser (WebCrypto, no server involved) with the bus
 * root CA certificate alone, by the same rules, in the same order and with the same codes as
 * `lt verify` (tools/cli/verify-lookup-evidence.ts over libs/pki): the provider's detached JWS
 * over the exact bytes, its certificate chained to the root and valid when it signed, the
 * algorithm bound to the key, the canonical form of the bytes, and the signer being the sender.
 * A unit test runs both on the same evidence files and expects the same verdict.
 */
export async function verifyLookupEvidence(
  input: unknown,
  caPem: string,
  crypto: WebCrypto = globalThis.crypto,
): Promise<EvidenceVerdict> {
  x509.cryptoProvider.set(crypto);
  try {
    return await check(input, caPem, crypto);
  } catch (error) {
    if (error instanceof Refusal) {
      return { verified: false, code: error.code, message: error.message };
    }
    return { verified: false, code: 'EVIDENCE_MALFORMED', message: String(error) };
  }
}
