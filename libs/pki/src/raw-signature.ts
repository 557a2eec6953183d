import { constants, verify, type KeyObject } from 'node:crypto';
import { p1363ToDer } from './ecdsa-encoding';

/**
 * Verifies a raw JWS-encoded signature (RFC 7518: ES256 as IEEE P1363 r‖s, PS256 with a salt of
 * the hash length) over `data`, the encodings libs/pki `signRaw` produces. Unknown algorithms and
 * malformed keys or signatures are simply `false`: a verifier never throws on hostile input.
 */
export function verifyRawSignature(
  alg: string,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    switch (alg) {
      case 'ES256': {
        const der = p1363ToDer(signature);
        return der !== undefined && verify('sha256', data, key, der);
      }
      case 'EdDSA':
        return verify(null, data, key, signature);
      case 'RS256':
        return verify('sha256', data, key, signature);
      case 'PS256':
        return verify(
          'sha256',
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          signature,
        );
      default:
        return false;
    }
  } catch {
    return false;
  }
}
