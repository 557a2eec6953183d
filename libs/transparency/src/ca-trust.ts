import { X509Certificate } from 'node:crypto';
import { type CertificateInfo, parseCertificate } from '@lienthong/pki';
import { type SignerKeyResolver, type TrustedSignerKey } from './checkpoint';

const MAX_CHAIN = 4;

interface Candidate {
  readonly info: CertificateInfo;
  readonly native: X509Certificate;
}

function read(pem: string): Candidate | undefined {
  try {
    return { info: parseCertificate(pem), native: new X509Certificate(pem) };
  } catch {
    // A certificate that does not parse is simply not trusted; the caller names the failure.
    return undefined;
  }
}

function validAt(candidate: Candidate, at: Date): boolean {
  return candidate.info.notBefore <= at && at <= candidate.info.notAfter;
}

function issuedBy(child: Candidate, issuer: Candidate): boolean {
  return (
    issuer.info.isCa &&
    child.native.checkIssued(issuer.native) &&
    child.native.verify(issuer.native.publicKey)
  );
}

function chainsTo(leaf: Candidate, anchor: Candidate, pool: Candidate[], at: Date): boolean {
  let current = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth += 1) {
    if (!validAt(current, at)) {
      return false;
    }
    if (issuedBy(current, anchor)) {
      return validAt(anchor, at);
    }
    const next = pool.find((ca) => ca !== current && issuedBy(current, ca));
    if (next === undefined) {
      return false;
    }
    current = next;
  }
  return false;
}

/**
 * Trusted signer keys from the certificates a bundle or export carries, established offline with
 * nothing but the bus CA certificate: a certificate counts only when its chain (through the
 * carried issuing CAs) ends at `caPem` and every link is valid at `at`. Revocation is not known
 * offline; an auditor who holds the signed global configuration can check it separately.
 */
export function signerKeysFromCa(
  caPem: string,
  certificatePems: readonly string[],
  at: Date = new Date(),
): SignerKeyResolver {
  const anchor = read(caPem);
  const candidates = certificatePems.map(read).filter((c): c is Candidate => c !== undefined);
  const trusted = new Map<string, TrustedSignerKey>();
  if (anchor !== undefined && anchor.info.isCa) {
    const pool = candidates.filter((c) => c.info.isCa);
    for (const leaf of candidates.filter((c) => !c.info.isCa)) {
      if (chainsTo(leaf, anchor, pool, at)) {
        trusted.set(leaf.info.thumbprint, {
          publicKey: leaf.info.publicKey,
          identity: leaf.info.identity,
          algorithms: leaf.info.algorithms,
        });
      }
    }
  }
  return (kid) => trusted.get(kid);
}
