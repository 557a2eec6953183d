import type { KeyObject } from 'node:crypto';
import { parseCertificate } from './certificate';
import { TrustStore } from './trust-store';

/** A signer key a verifier has already established trust in (certificate chained to the bus CA). */
export interface TrustedSignerKey {
  readonly publicKey: KeyObject;
  readonly identity: { readonly member: string; readonly subsystem: string } | null;
  readonly algorithms: readonly string[];
}

/** Finds the trusted key for a `kid`, or undefined when no trusted certificate has that thumbprint. */
export type SignerKeyResolver = (kid: string) => TrustedSignerKey | undefined;

const UNTRUSTED: SignerKeyResolver = () => undefined;

function isCa(pem: string): boolean | undefined {
  try {
    return parseCertificate(pem).isCa;
  } catch {
    // A certificate that does not parse is simply not trusted; the caller names the failure.
    return undefined;
  }
}

/**
 * Trusted signer keys from the certificates a bundle or export carries, established offline with
 * nothing but the bus CA certificate (libs/pki TrustStore): a certificate counts only when its
 * chain, through the carried issuing CAs, ends at `caPem` and every link is valid at `at`.
 * Revocation is not known offline; an auditor who holds the signed global configuration can
 * check it separately.
 */
export function signerKeysFromCa(
  caPem: string,
  certificatePems: readonly string[],
  at: Date = new Date(),
): SignerKeyResolver {
  let store: TrustStore;
  try {
    store = new TrustStore({
      anchors: [caPem],
      intermediates: certificatePems.filter((pem) => isCa(pem) === true),
      certificates: certificatePems.filter((pem) => isCa(pem) === false),
    });
  } catch {
    return UNTRUSTED;
  }
  return (kid) => {
    try {
      const info = store.resolve(kid, at);
      const key: TrustedSignerKey = {
        publicKey: info.publicKey,
        identity: info.identity,
        algorithms: info.algorithms,
      };
      return key;
    } catch {
      return undefined;
    }
  };
}
