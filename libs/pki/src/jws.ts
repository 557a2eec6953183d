import { constants, verify as verifySignature, type KeyObject } from 'node:crypto';
import { isSigningAlgorithm, type SigningAlgorithm } from './algorithms';
import { p1363ToDer } from './ecdsa-encoding';
import { type CertificateInfo } from './certificate';
import { PkiError } from './pki.errors';
import { type TrustStore } from './trust-store';

/** Options of {@link verifyDetachedJws}. */
export interface VerifyDetachedJwsOptions {
  /** Time at which the certificate chain must be valid and unrevoked (usually now). */
  at: Date;
  /** Narrows the accepted algorithms further (e.g. `['ES256', 'EdDSA']` for bus messages). */
  allowedAlgorithms?: readonly SigningAlgorithm[];
}

/** Result of {@link verifyDetachedJws}. */
export interface VerifiedJws {
  /** The signer's certificate, checked against the trust store. */
  certificate: CertificateInfo;
  protectedHeader: Record<string, unknown>;
}

// headers that would let the message choose its own verification key (RFC 8725 §3.10)
const KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies an RFC 7515 detached JWS with RFC 7797 unencoded payload (`protected..signature`, as
 * made by `Signer.signDetachedJws`) over exactly `payload`. The key comes only from the trust
 * store, by `kid`; the algorithm must be a bus algorithm, allowed by the options and fit the
 * certificate's key type. Each rejection has its own code (PKI_JWS_MALFORMED,
 * PKI_ALGORITHM_REJECTED, the PKI_CERT_* codes of the trust store, PKI_SIGNATURE_INVALID).
 * The signature itself is checked with `node:crypto` on the certificate's cached KeyObject: the
 * hot path of every bus message (jose through WebCrypto re-imported the key on every call, ~5×
 * the cost). Returns a promise for the callers that await it.
 */
export function verifyDetachedJws(
  jws: string,
  payload: Uint8Array,
  trustStore: TrustStore,
  options: VerifyDetachedJwsOptions,
): Promise<VerifiedJws> {
  return new Promise((resolve) => resolve(verifyDetachedJwsNow(jws, payload, trustStore, options)));
}

function verifyDetachedJwsNow(
  jws: string,
  payload: Uint8Array,
  trustStore: TrustStore,
  options: VerifyDetachedJwsOptions,
): VerifiedJws {
  const { encodedHeader, header, signature } = splitDetached(jws);
  const alg = checkAlgorithm(header.alg, options.allowedAlgorithms);
  checkHeader(header);
  if (!BASE64URL.test(signature)) {
    throw new PkiError('PKI_JWS_MALFORMED', 'JWS signature is not base64url');
  }
  const certificate = trustStore.resolve(header.kid as string, options.at);
  if (!certificate.algorithms.includes(alg)) {
    throw new PkiError('PKI_ALGORITHM_REJECTED', `${alg} does not fit the certificate key`, {
      details: { alg, allowed: [...certificate.algorithms] },
    });
  }
  // RFC 7797 §3: the signing input is ASCII(BASE64URL(protected) || '.') || the payload bytes.
  const input = Buffer.concat([Buffer.from(`${encodedHeader}.`, 'ascii'), payload]);
  if (!signatureMatches(alg, certificate.publicKey, input, Buffer.from(signature, 'base64url'))) {
    throw new PkiError('PKI_SIGNATURE_INVALID', 'JWS signature does not verify');
  }
  return { certificate, protectedHeader: header };
}

const MIN_RSA_BITS = 2048;

function signatureMatches(
  alg: SigningAlgorithm,
  key: KeyObject,
  input: Buffer,
  signature: Buffer,
): boolean {
  try {
    switch (alg) {
      case 'ES256':
        // JWS ECDSA signatures are r||s (IEEE P1363), 64 bytes for P-256 (RFC 7518 §3.4)
        return verifyP1363(input, key, signature);
      case 'EdDSA':
        return verifySignature(null, input, key, signature);
      case 'RS256':
      case 'PS256': {
        // RFC 7518 §3.3/§3.5: RSA keys of at least 2048 bits; PSS with MGF1 and salt = hash length
        if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
          throw new PkiError('PKI_ALGORITHM_REJECTED', 'RSA keys under 2048 bits are refused');
        }
        return alg === 'RS256'
          ? verifySignature('sha256', input, key, signature)
          : verifySignature(
              'sha256',
              input,
              { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
              signature,
            );
      }
    }
  } catch (error) {
    if (error instanceof PkiError) {
      throw error;
    }
    return false;
  }
}

function splitDetached(jws: string): {
  encodedHeader: string;
  header: Record<string, unknown>;
  signature: string;
} {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  if (parts.length !== 3 || parts[1] !== '' || !BASE64URL.test(parts[0] ?? '')) {
    throw new PkiError('PKI_JWS_MALFORMED', 'expected a detached JWS "protected..signature"');
  }
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch (cause) {
    throw new PkiError('PKI_JWS_MALFORMED', 'JWS protected header is not JSON', { cause });
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new PkiError('PKI_JWS_MALFORMED', 'JWS protected header is not an object');
  }
  return {
    encodedHeader: parts[0],
    header: header as Record<string, unknown>,
    signature: parts[2],
  };
}

// `none`, HS* and anything else outside the bus list are refused before any key is looked up
function checkAlgorithm(
  alg: unknown,
  allowed: readonly SigningAlgorithm[] | undefined,
): SigningAlgorithm {
  if (typeof alg !== 'string') {
    throw new PkiError('PKI_JWS_MALFORMED', 'JWS header has no alg');
  }
  if (!isSigningAlgorithm(alg) || (allowed !== undefined && !allowed.includes(alg))) {
    throw new PkiError('PKI_ALGORITHM_REJECTED', `algorithm ${alg.slice(0, 16)} is not accepted`, {
      details: { alg: alg.slice(0, 16) },
    });
  }
  return alg;
}

function checkHeader(header: Record<string, unknown>): void {
  for (const name of KEY_HEADERS) {
    if (name in header) {
      throw new PkiError(
        'PKI_JWS_MALFORMED',
        `JWS header ${name} is not accepted: keys come from the trust store`,
      );
    }
  }
  const crit = header.crit;
  // RFC 7797 §6: b64 must be listed in crit, and we implement no other extension
  if (header.b64 !== false || !Array.isArray(crit) || crit.length !== 1 || crit[0] !== 'b64') {
    throw new PkiError('PKI_JWS_MALFORMED', 'JWS must have b64:false and crit:["b64"]');
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    throw new PkiError('PKI_JWS_MALFORMED', 'JWS header has no kid');
  }
}

/** ES256: exactly 64 bytes of r || s, verified as DER with the bare KeyObject (the fast path). */
function verifyP1363(input: Buffer, key: KeyObject, signature: Buffer): boolean {
  const der = p1363ToDer(signature);
  return der !== undefined && verifySignature('sha256', input, key, der);
}
