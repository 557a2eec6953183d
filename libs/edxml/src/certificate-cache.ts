import { X509Certificate, createHash, type KeyObject } from 'node:crypto';

/** A parsed certificate and its DER SHA-256 (lowercase hex). */
export interface CertificateInfo {
  readonly cert: X509Certificate;
  readonly sha256: string;
  /** `cert.publicKey`, which builds a new KeyObject on every read. */
  readonly publicKey: KeyObject;
}

const MAX_ENTRIES = 512;
const cache = new Map<string, CertificateInfo>();

/**
 * Parses a PEM certificate once: the registry hands the same few PEM strings to every
 * verification, and parsing per call costs more than the signature check (docs/performance.md).
 * Bounded, oldest entry evicted first; the key is the full PEM, so nothing is ever confused.
 */
export function certificateInfo(pem: string): CertificateInfo {
  const hit = cache.get(pem);
  if (hit) {
    return hit;
  }
  const cert = new X509Certificate(pem);
  const info = {
    cert,
    sha256: createHash('sha256').update(cert.raw).digest('hex'),
    publicKey: cert.publicKey,
  };
  if (cache.size >= MAX_ENTRIES) {
    cache.delete(cache.keys().next().value!);
  }
  cache.set(pem, info);
  return info;
}
