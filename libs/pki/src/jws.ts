import { flattenedVerify } from 'jose';
import { isSigningAlgorithm, type SigningAlgorithm } from './algorithms';
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
 * Asynchronous because jose verifies through WebCrypto.
 */
export async function verifyDetachedJws(
  jws: string,
  payload: Uint8Array,
  trustStore: TrustStore,
  options: VerifyDetachedJwsOptions,
): Promise<VerifiedJws> {
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
  try {
    await flattenedVerify(
      // a view in this realm: jose checks `instanceof Uint8Array`, which a Buffer from another
      // realm (jest VM contexts) fails
      {
        protected: encodedHeader,
        payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength),
        signature,
      },
      certificate.publicKey,
      { algorithms: [alg], crit: { b64: true } },
    );
  } catch (cause) {
    throw fromJoseError(cause);
  }
  return { certificate, protectedHeader: header };
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

function fromJoseError(cause: unknown): PkiError {
  const code = (cause as { code?: unknown }).code;
  if (code === 'ERR_JWS_INVALID') {
    return new PkiError('PKI_JWS_MALFORMED', 'JWS rejected by the verifier', { cause });
  }
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') {
    return new PkiError('PKI_ALGORITHM_REJECTED', 'JWS algorithm not allowed', { cause });
  }
  return new PkiError('PKI_SIGNATURE_INVALID', 'JWS signature does not verify', { cause });
}
