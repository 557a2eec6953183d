import { X509Certificate, type KeyObject } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { DSIG_NS, XmlDsigAlgorithm as A } from './edxml.constants';
import { signEdxml } from './edxml.signer';
import { verifyEdxml } from './edxml.verifier';
import {
  algorithmPolicy,
  hashMap,
  signatureMethodFor,
  signerClass,
  verifierMap,
  type EdxmlSigner,
} from './xml-signature-algorithms';

/** Rates of one sign-then-verify loop. */
export interface SignVerifyRate {
  readonly iterations: number;
  readonly signPerSecond: number;
  readonly verifyPerSecond: number;
  /** Complete sign + verify pairs per second. */
  readonly pairsPerSecond: number;
}

/** Result of `benchXmlSignVerify`: the bare xml-crypto ceiling and this library, same run. */
export interface XmlSignVerifyBench {
  readonly raw: SignVerifyRate;
  readonly library: SignVerifyRate;
  /** library.pairsPerSecond / raw.pairsPerSecond. */
  readonly ratio: number;
}

function rawSign(xml: string, signer: EdxmlSigner): string {
  const method = signatureMethodFor(signer.alg);
  const sig = new SignedXml({
    privateKey: Buffer.alloc(1),
    signatureAlgorithm: method,
    canonicalizationAlgorithm: A.EXC_C14N,
  });
  sig.SignatureAlgorithms = { [method]: signerClass(method, signer) };
  sig.HashAlgorithms = hashMap([A.SHA256]);
  sig.addReference({
    xpath: '/*',
    transforms: [A.ENVELOPED_SIGNATURE, A.EXC_C14N],
    digestAlgorithm: A.SHA256,
    uri: '',
    isEmptyUri: true,
  });
  sig.computeSignature(xml, {
    location: { reference: "//*[local-name()='edXMLHeader']", action: 'append' },
  });
  return sig.getSignedXml();
}

function rawVerify(xml: string, publicKey: KeyObject): void {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const sig = new SignedXml({ publicCert: publicKey });
  // xml-crypto has no ECDSA: register ours next to its defaults
  sig.SignatureAlgorithms = { ...sig.SignatureAlgorithms, ...verifierMap(algorithmPolicy(false)) };
  const node = doc.getElementsByTagNameNS(DSIG_NS, 'Signature').item(0);
  sig.loadSignature(node);
  if (!sig.checkSignature(xml)) {
    throw new Error('benchmark sample failed to verify');
  }
}

function loop(
  durationMs: number,
  sign: () => string,
  verify: (signed: string) => void,
): SignVerifyRate {
  let signNs = 0n;
  let verifyNs = 0n;
  let iterations = 0;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(durationMs * 1e6));
  while (process.hrtime.bigint() < deadline || iterations === 0) {
    const t0 = process.hrtime.bigint();
    const signed = sign();
    const t1 = process.hrtime.bigint();
    verify(signed);
    signNs += t1 - t0;
    verifyNs += process.hrtime.bigint() - t1;
    iterations += 1;
  }
  const perSecond = (ns: bigint): number => (iterations * 1e9) / Number(ns);
  return {
    iterations,
    signPerSecond: perSecond(signNs),
    verifyPerSecond: perSecond(verifyNs),
    pairsPerSecond: perSecond(signNs + verifyNs),
  };
}

/**
 * Measures sign+verify rates for the document benchmark (bench/documents): half of `durationMs` on bare
 * xml-crypto (the ceiling: lenient parse, default algorithms, no policy) and half on
 * `signEdxml` + `verifyEdxml` (screening, strict parses, policy, re-parse of signed content),
 * over the same unsigned `sampleXml` and signer, so the ratio is measured side by side.
 * `certificates` are the signer's registered certificates (PEM), the first being the signer's.
 */
export function benchXmlSignVerify(
  sampleXml: string,
  signer: EdxmlSigner,
  certificates: readonly string[],
  durationMs: number,
): XmlSignVerifyBench {
  const half = durationMs / 2;
  const publicKey = new X509Certificate(signer.certificate.pem).publicKey;
  const raw = loop(
    half,
    () => rawSign(sampleXml, signer),
    (signed) => rawVerify(signed, publicKey),
  );
  const library = loop(
    half,
    () => signEdxml(sampleXml, signer),
    (signed) => void verifyEdxml(signed, { resolveCertificates: () => certificates }),
  );
  return { raw, library, ratio: library.pairsPerSecond / raw.pairsPerSecond };
}
