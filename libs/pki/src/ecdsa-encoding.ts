/*
 * ECDSA signature encodings. JWS (RFC 7518 §3.4) and XMLDSig use IEEE P1363 (r || s, each
 * left-padded to the curve size); OpenSSL produces and expects DER (SEQUENCE of two INTEGERs).
 * Node converts when given `{ key, dsaEncoding: 'ieee-p1363' }`, but an options object instead of
 * a bare KeyObject halves the sign and verify rate on Node 24 (docs/performance.md, "signatures"),
 * so the hot path passes the KeyObject and converts here.
 */

/** P-256 scalars are 32 bytes. */
export const P256_SCALAR_BYTES = 32;

function derInteger(scalar: Uint8Array): Buffer {
  let start = 0;
  while (start < scalar.length - 1 && scalar[start] === 0) {
    start++;
  }
  const magnitude = scalar.subarray(start);
  // a set high bit would read as negative: DER then needs a leading zero byte
  const pad = (magnitude[0] ?? 0) & 0x80 ? 1 : 0;
  const out = Buffer.alloc(2 + pad + magnitude.length);
  out[0] = 0x02;
  out[1] = pad + magnitude.length;
  Buffer.from(magnitude).copy(out, 2 + pad);
  return out;
}

/**
 * r || s → DER, for verification. Returns undefined for a signature that is not exactly two
 * scalars of `size` bytes: the caller treats that as a signature that does not verify.
 */
export function p1363ToDer(signature: Uint8Array, size = P256_SCALAR_BYTES): Buffer | undefined {
  if (signature.length !== 2 * size) {
    return undefined;
  }
  const r = derInteger(signature.subarray(0, size));
  const s = derInteger(signature.subarray(size));
  // 2 × (2 + 33) bytes at most for P-256: a short-form length always fits
  return Buffer.concat([Buffer.from([0x30, r.length + s.length]), r, s]);
}

function readInteger(der: Uint8Array, at: number, size: number): { value: Buffer; next: number } {
  if (der[at] !== 0x02) {
    throw new Error('ECDSA signature: INTEGER expected');
  }
  const length = der[at + 1] ?? 0;
  if (length === 0 || length & 0x80 || at + 2 + length > der.length) {
    throw new Error('ECDSA signature: bad INTEGER length');
  }
  let value = Buffer.from(der.subarray(at + 2, at + 2 + length));
  while (value.length > size && value[0] === 0) {
    value = value.subarray(1);
  }
  if (value.length > size) {
    throw new Error('ECDSA signature: INTEGER larger than the curve');
  }
  const padded = Buffer.alloc(size);
  value.copy(padded, size - value.length);
  return { value: padded, next: at + 2 + length };
}

/** DER (as OpenSSL signs) → r || s of `size` bytes each, for a signature we just made. */
export function derToP1363(der: Uint8Array, size = P256_SCALAR_BYTES): Buffer {
  if (der[0] !== 0x30 || (der[1] ?? 0) & 0x80 || 2 + (der[1] ?? 0) !== der.length) {
    throw new Error('ECDSA signature: DER SEQUENCE expected');
  }
  const r = readInteger(der, 2, size);
  const s = readInteger(der, r.next, size);
  if (s.next !== der.length) {
    throw new Error('ECDSA signature: trailing bytes');
  }
  return Buffer.concat([r.value, s.value]);
}
