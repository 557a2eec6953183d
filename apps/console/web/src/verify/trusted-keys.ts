// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first
import 'reflect-metadata';
import type * as x509 from '@peculiar/x509';
import {
  type Algorithm,
  type Parsed,
  Refusal,
  type WebCrypto,
  algorithmsOf,
  asCa,
  chainOf,
  identityOf,
  parse,
  signatureMatches,
  validAt,
} from './lookup-evidence';
import { bytesOf } from './merkle';

/** A signer's key the bus root vouches for now, with who it is. */
export interface TrustedKey {
  readonly cert: x509.X509Certificate;
  readonly identity: { member: string; subsystem: string } | null;
  readonly algorithms: readonly Algorithm[];
}

/** The bundle's certificates chained to the bus root now, by thumbprint (libs/pki signerKeysFromCa). */
export async function keysOf(
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

/** A raw (detached) signature over `data` by `key`, as libs/pki verifyRawSignature checks it. */
export async function rawSignatureMatches(
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
