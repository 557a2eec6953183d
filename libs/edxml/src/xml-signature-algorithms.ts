import { constants, createHash, verify, type KeyLike, type KeyObject } from 'node:crypto';
import type { HashAlgorithm, SignatureAlgorithm } from 'xml-crypto';
import { p1363ToDer } from '@lienthong/pki';
import { XmlDsigAlgorithm as A } from './edxml.constants';
import { EdxmlError } from './edxml.errors';

/**
 * The structural port of a signing key (libs/pki's `Signer` fits it): the private key never
 * reaches this library. `sign` returns the raw signature; for ES256 that is IEEE P1363 r||s,
 * which is exactly the XMLDSig ECDSA SignatureValue (RFC 4050 / RFC 6931).
 */
export interface EdxmlSigner {
  readonly alg: string;
  sign(data: Uint8Array): Buffer;
  readonly certificate: { readonly pem: string };
}

/** JWS algorithm name → XMLDSig SignatureMethod. EdDSA is absent: xmlsec1 1.2 cannot verify it. */
const SIGNATURE_METHOD_BY_ALG: Readonly<Record<string, string>> = {
  RS256: A.RSA_SHA256,
  PS256: A.RSA_PSS_SHA256,
  ES256: A.ECDSA_SHA256,
};

/** The SignatureMethod for a signer's algorithm, or EDXML_ALGORITHM_REJECTED. */
export function signatureMethodFor(alg: string): string {
  const uri = SIGNATURE_METHOD_BY_ALG[alg];
  if (!uri) {
    throw new EdxmlError(
      'EDXML_ALGORITHM_REJECTED',
      `signer algorithm ${alg} cannot sign edXML (RS256, PS256, ES256)`,
    );
  }
  return uri;
}

type Verify = (material: Buffer, key: KeyObject, signature: Buffer) => boolean;

const isRsa = (key: KeyObject): boolean => key.asymmetricKeyType === 'rsa';
const isP256 = (key: KeyObject): boolean =>
  key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';

/** Verification per allowed SignatureMethod; the key type must fit, not just the math. */
const VERIFIERS: Readonly<Record<string, Verify>> = {
  [A.RSA_SHA256]: (m, k, s) => isRsa(k) && verify('sha256', m, k, s),
  [A.RSA_SHA512]: (m, k, s) => isRsa(k) && verify('sha512', m, k, s),
  [A.RSA_PSS_SHA256]: (m, k, s) =>
    isRsa(k) &&
    verify(
      'sha256',
      m,
      {
        key: k,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      },
      s,
    ),
  // r||s made DER for the bare KeyObject: node:crypto verifies ECDSA given `dsaEncoding` at half
  // the rate (docs/performance.md); p1363ToDer refuses anything but two 32-byte scalars
  [A.ECDSA_SHA256]: (m, k, s) => {
    const der = isP256(k) ? p1363ToDer(s) : undefined;
    return der !== undefined && verify('sha256', m, k, der);
  },
  [A.RSA_SHA1]: (m, k, s) => isRsa(k) && verify('sha1', m, k, s),
};

const HASHES: Readonly<Record<string, string>> = {
  [A.SHA256]: 'sha256',
  [A.SHA512]: 'sha512',
  [A.SHA1]: 'sha1',
};

/** Algorithm sets a verification accepts; SHA-1 only for an explicitly flagged legacy ingest. */
export interface AlgorithmPolicy {
  readonly signatureMethods: ReadonlySet<string>;
  readonly digestMethods: ReadonlySet<string>;
  readonly canonicalizations: ReadonlySet<string>;
  /** Allowed Transform sequences of the one Reference, each joined by a space. */
  readonly transformChains: ReadonlySet<string>;
}

/** The allow-list: no HMAC, no `#WithComments`, and SHA-1 / inclusive C14N only as legacy. */
export function algorithmPolicy(allowLegacySha1: boolean): AlgorithmPolicy {
  const modern = {
    signatureMethods: [A.RSA_SHA256, A.RSA_SHA512, A.RSA_PSS_SHA256, A.ECDSA_SHA256],
    digestMethods: [A.SHA256, A.SHA512],
    canonicalizations: [A.EXC_C14N],
    transformChains: [`${A.ENVELOPED_SIGNATURE} ${A.EXC_C14N}`],
  };
  if (!allowLegacySha1) {
    return mapValues(modern);
  }
  // the 2016-era VNPT samples: RSA-SHA1, SHA-1 digests and inclusive C14N 1.0
  return mapValues({
    signatureMethods: [...modern.signatureMethods, A.RSA_SHA1],
    digestMethods: [...modern.digestMethods, A.SHA1],
    canonicalizations: [...modern.canonicalizations, A.C14N],
    transformChains: [
      ...modern.transformChains,
      A.ENVELOPED_SIGNATURE,
      `${A.ENVELOPED_SIGNATURE} ${A.C14N}`,
    ],
  });
}

function mapValues(p: Record<keyof AlgorithmPolicy, string[]>): AlgorithmPolicy {
  return {
    signatureMethods: new Set(p.signatureMethods),
    digestMethods: new Set(p.digestMethods),
    canonicalizations: new Set(p.canonicalizations),
    transformChains: new Set(p.transformChains),
  };
}

/** A SignatureAlgorithm class for xml-crypto that only verifies, with a pinned KeyObject. */
function verifierClass(uri: string, run: Verify): new () => SignatureAlgorithm {
  return class implements SignatureAlgorithm {
    getSignature(): never {
      throw new Error('verification-only algorithm');
    }
    verifySignature(material: string, key: KeyLike, signatureValue: string): boolean {
      const signature = Buffer.from(signatureValue.replace(/\s+/g, ''), 'base64');
      return run(Buffer.from(material, 'utf8'), key as KeyObject, signature);
    }
    getAlgorithmName(): string {
      return uri;
    }
  };
}

/** A SignatureAlgorithm class whose getSignature delegates to the external signer. */
export function signerClass(uri: string, signer: EdxmlSigner): new () => SignatureAlgorithm {
  return class implements SignatureAlgorithm {
    getSignature(signedInfo: string | Uint8Array): string {
      const data =
        typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : Buffer.from(signedInfo);
      const signature = signer.sign(data);
      if (uri === A.ECDSA_SHA256 && signature.byteLength !== 64) {
        throw new EdxmlError(
          'EDXML_ALGORITHM_REJECTED',
          'ES256 signer must return a 64-byte r||s signature',
        );
      }
      return signature.toString('base64');
    }
    verifySignature(): never {
      throw new Error('signing-only algorithm');
    }
    getAlgorithmName(): string {
      return uri;
    }
  };
}

function hashClass(uri: string, name: string): new () => HashAlgorithm {
  return class implements HashAlgorithm {
    getHash(xml: string): string {
      return createHash(name).update(xml, 'utf8').digest('base64');
    }
    getAlgorithmName(): string {
      return uri;
    }
  };
}

/** xml-crypto SignatureAlgorithms map holding only the policy's verifiers. */
export function verifierMap(policy: AlgorithmPolicy): Record<string, new () => SignatureAlgorithm> {
  return Object.fromEntries(
    [...policy.signatureMethods].map((uri) => [uri, verifierClass(uri, VERIFIERS[uri])]),
  );
}

/** xml-crypto HashAlgorithms map holding only the policy's digests. */
export function hashMap(digests: Iterable<string>): Record<string, new () => HashAlgorithm> {
  return Object.fromEntries([...digests].map((uri) => [uri, hashClass(uri, HASHES[uri])]));
}
