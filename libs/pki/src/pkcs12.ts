import {
  createPrivateKey,
  X509Certificate as NodeX509Certificate,
  type KeyObject,
} from 'node:crypto';
import forge from 'node-forge';
import { PkiError } from './pki.errors';

/** Key, certificate and chain read from a PKCS#12 file, as PEM. */
export interface Pkcs12Contents {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** The certificate of that key. */
  certificatePem: string;
  /** Its issuers found in the file, nearest first; unrelated certificates are left out. */
  chainPems: string[];
}

/**
 * Reads a PKCS#12 (.p12/.pfx) file as agencies receive them from a government CA. node-forge is
 * used here only, because node:crypto has no PKCS#12 reader; forge cannot parse EC or Ed25519
 * keys and certificates, so their raw ASN.1 is handed to node:crypto instead. Every failure
 * (malformed file, wrong password, no key, no certificate for the key) is PKI_PKCS12_INVALID.
 */
export function importPkcs12(p12: Buffer, password: string): Pkcs12Contents {
  let keys: KeyObject[];
  let certificates: NodeX509Certificate[];
  try {
    const pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), password);
    const bags = pfx.safeContents.flatMap((content) => content.safeBags);
    keys = bags.filter(isKeyBag).map(keyOf);
    certificates = bags.filter((bag) => bag.type === forge.pki.oids.certBag).map(certificateOf);
  } catch (cause) {
    // forge's messages may quote the file; the caller learns only that it was unreadable
    throw new PkiError('PKI_PKCS12_INVALID', 'PKCS#12 file cannot be read (wrong password?)', {
      cause,
    });
  }
  if (keys.length !== 1) {
    throw new PkiError('PKI_PKCS12_INVALID', `expected one private key, found ${keys.length}`);
  }
  const [key] = keys;
  const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (!leaf) {
    throw new PkiError('PKI_PKCS12_INVALID', 'no certificate in the file matches its private key');
  }
  return {
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: leaf.toString(),
    chainPems: issuersOf(leaf, certificates).map((certificate) => certificate.toString()),
  };
}

function isKeyBag(bag: forge.pkcs12.Bag): boolean {
  return bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag;
}

function derOf(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function keyOf(bag: forge.pkcs12.Bag): KeyObject {
  const privateKeyInfo = bag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))
    : bag.asn1;
  return createPrivateKey({ key: derOf(privateKeyInfo), format: 'der', type: 'pkcs8' });
}

// forge re-encodes an RSA certificate from the to-be-signed bytes it captured while parsing,
// so the DER (and the thumbprint) stays the issuer's; other key types come back as raw ASN.1
function certificateOf(bag: forge.pkcs12.Bag): NodeX509Certificate {
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  return new NodeX509Certificate(derOf(asn1));
}

function issuersOf(
  leaf: NodeX509Certificate,
  certificates: readonly NodeX509Certificate[],
): NodeX509Certificate[] {
  const chain: NodeX509Certificate[] = [];
  const remaining = certificates.filter((certificate) => certificate !== leaf);
  for (let current = leaf; ;) {
    const index = remaining.findIndex(
      (candidate) => current.checkIssued(candidate) && current.verify(candidate.publicKey),
    );
    if (index < 0) {
      return chain;
    }
    const [issuer] = remaining.splice(index, 1);
    chain.push(issuer);
    current = issuer;
  }
}
