import {
  constants,
  generateKeyPairSync,
  sign as nodeSign,
  type KeyObject,
  type SignKeyObjectInput,
  type webcrypto,
} from 'node:crypto';
import { derToP1363 } from './ecdsa-encoding';
import { PkiError } from './pki.errors';

/** JWS algorithms of the bus (RFC 7518 / RFC 8037). Never `none`, never HMAC. */
export type SigningAlgorithm = 'ES256' | 'EdDSA' | 'RS256' | 'PS256';

/** Every algorithm the bus knows, in order of preference. */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = Object.freeze([
  'ES256',
  'EdDSA',
  'RS256',
  'PS256',
]);

/** Narrows an untrusted header value to a bus algorithm. */
export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

const RSA_MIN_BITS = 2048;
const NONE: readonly SigningAlgorithm[] = Object.freeze([]);
const ES256_ONLY: readonly SigningAlgorithm[] = Object.freeze(['ES256']);
const EDDSA_ONLY: readonly SigningAlgorithm[] = Object.freeze(['EdDSA']);
const RSA_ALGS: readonly SigningAlgorithm[] = Object.freeze(['RS256', 'PS256']);

/**
 * JWS algorithms a key may be used with; empty when the bus cannot sign with it (other EC curves,
 * RSA below 2048 bits, RSA-PSS-only keys). The algorithm is bound to the key type so that a message
 * cannot pick a weaker or confused algorithm for a registered key (RFC 8725 §3.1).
 */
export function algorithmsForKey(key: KeyObject): readonly SigningAlgorithm[] {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails;
  if (type === 'ec') {
    return details?.namedCurve === 'prime256v1' ? ES256_ONLY : NONE;
  }
  if (type === 'ed25519') {
    return EDDSA_ONLY;
  }
  if (type === 'rsa') {
    return (details?.modulusLength ?? 0) >= RSA_MIN_BITS ? RSA_ALGS : NONE;
  }
  return NONE;
}

/**
 * Generates a key pair for an algorithm: EC P-256 for ES256, Ed25519 for EdDSA and RSA-2048
 * (plain rsaEncryption, so one key serves RS256 and PS256) for the RSA algorithms.
 */
export function generateKeyPair(alg: SigningAlgorithm): {
  privateKey: KeyObject;
  publicKey: KeyObject;
} {
  switch (alg) {
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
    case 'RS256':
    case 'PS256':
      return generateKeyPairSync('rsa', { modulusLength: RSA_MIN_BITS, publicExponent: 0x10001 });
    default:
      throw new PkiError('PKI_ALGORITHM_REJECTED', `unsupported algorithm ${String(alg)}`);
  }
}

/**
 * Signs bytes natively with a KeyObject and returns the JWS signature encoding
 * (ES256: IEEE P1363 r||s, not DER; PS256: salt length = hash length as RFC 7518 §3.5 requires).
 */
export function signRaw(alg: SigningAlgorithm, key: KeyObject, data: Uint8Array): Buffer {
  switch (alg) {
    case 'ES256':
      return derToP1363(nodeSign('sha256', data, key));
    case 'EdDSA':
      return nodeSign(null, data, key);
    case 'RS256':
      return nodeSign('sha256', data, key);
    case 'PS256':
      return nodeSign('sha256', data, pssOptions(key));
    default:
      throw new PkiError('PKI_ALGORITHM_REJECTED', `unsupported algorithm ${String(alg)}`);
  }
}

function pssOptions(key: KeyObject): SignKeyObjectInput {
  return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
}

/** WebCrypto parameters for certificate and CSR signatures with a key of this type. */
export function webCryptoSigning(key: KeyObject): {
  importParams: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm;
  signingAlgorithm: webcrypto.Algorithm | webcrypto.EcdsaParams;
} {
  const [alg] = algorithmsForKey(key);
  if (alg === 'ES256') {
    const ecdsa: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
    return { importParams: { name: 'ECDSA', namedCurve: 'P-256' }, signingAlgorithm: ecdsa };
  }
  if (alg === 'EdDSA') {
    return { importParams: { name: 'Ed25519' }, signingAlgorithm: { name: 'Ed25519' } };
  }
  if (alg === 'RS256') {
    // certificates are signed PKCS#1 v1.5: every X.509 stack verifies it, PSS is less portable
    const params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { importParams: params, signingAlgorithm: params };
  }
  throw new PkiError(
    'PKI_KEY_INVALID',
    `key type ${String(key.asymmetricKeyType)} cannot sign certificates`,
  );
}
