import type { KeyObject } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { C14nCanonicalization, ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { EDXML_NS, LIENTHONG_EDXML_NS, XmlDsigAlgorithm as A } from './edxml.constants';
import { EdxmlError } from './edxml.errors';
import type { EdxmlPackage } from './edxml.types';
import { headerElement, readPackage } from './edxml.parser';
import { certificateInfo } from './certificate-cache';
import { checkSignatureShape, type SignatureShape } from './signature-policy';
import {
  algorithmPolicy,
  hashMap,
  verifierMap,
  type AlgorithmPolicy,
} from './xml-signature-algorithms';
import {
  assertUniqueIds,
  childElements,
  parseStrict,
  screenEdxml,
  type EdxmlLimits,
} from './xml-dom';

/** Options of `verifyEdxml`. */
export interface VerifyEdxmlOptions {
  /**
   * The sender's registered, unrevoked certificates (PEM), looked up by the OrganId the package
   * names as sender. The certificate in KeyInfo is never used.
   */
  readonly resolveCertificates: (organId: string) => readonly string[];
  readonly limits?: EdxmlLimits;
  /** Accept RSA-SHA1, SHA-1 digests and inclusive C14N: legacy ingest only, flagged in the result. */
  readonly allowLegacySha1?: boolean;
  /** Instant at which the certificate must be valid; default now. */
  readonly at?: Date;
}

/** A verified package: every value was read from the signed, re-parsed content. */
export interface VerifiedEdxml {
  readonly document: EdxmlPackage;
  readonly signerCertificatePem: string;
  /** SignatureMethod URI. */
  readonly algorithm: string;
  /** DigestMethod URI and base64 DigestValue of the one Reference. */
  readonly digest: { readonly algorithm: string; readonly value: string };
  /** True when a legacy (SHA-1 / inclusive C14N) algorithm was accepted. */
  readonly legacy: boolean;
}

/** Sender OrganId as the package claims it; used only to pick the key, then re-checked. */
function claimedSender(header: Element): string {
  const holder =
    childElements(header, EDXML_NS, 'Status')[0] ??
    childElements(header, EDXML_NS, 'MessageHeader')[0];
  const from = holder ? childElements(holder, EDXML_NS, 'From') : [];
  const organIds = from.length === 1 ? childElements(from[0], EDXML_NS, 'OrganId') : [];
  if (organIds.length !== 1) {
    throw new EdxmlError('EDXML_HEADER_INVALID', 'header must name exactly one sender OrganId');
  }
  return (organIds[0].textContent ?? '').trim();
}

/** The `lt:SigningCertificate` digest in the header (exactly one), lowercase hex. */
function pinnedDigest(header: Element): string {
  const pins = childElements(header, LIENTHONG_EDXML_NS, 'SigningCertificate');
  if (pins.length !== 1 || pins[0].getAttribute('Algorithm') !== 'sha256') {
    throw new EdxmlError(
      'EDXML_SIGNING_CERT_MISSING',
      `header holds ${pins.length} sha256 SigningCertificate`,
    );
  }
  return (pins[0].textContent ?? '').trim();
}

function chooseCertificate(
  organId: string,
  pin: string,
  shape: SignatureShape,
  options: VerifyEdxmlOptions,
) {
  const registered = options.resolveCertificates(organId);
  if (registered.length === 0) {
    throw new EdxmlError('EDXML_SIGNER_UNKNOWN', `no registered certificate for ${organId}`, {
      details: { organId },
    });
  }
  const pem = registered.find((candidate) => certificateInfo(candidate).sha256 === pin);
  if (!pem) {
    throw new EdxmlError(
      'EDXML_CERT_MISMATCH',
      `signing certificate is not registered for ${organId}`,
    );
  }
  const { cert, publicKey } = certificateInfo(pem);
  if (shape.keyInfoCertificates.some((b64) => !Buffer.from(b64, 'base64').equals(cert.raw))) {
    throw new EdxmlError(
      'EDXML_CERT_MISMATCH',
      'KeyInfo carries a certificate other than the registered one',
    );
  }
  const at = options.at ?? new Date();
  if (at < new Date(cert.validFrom) || at > new Date(cert.validTo)) {
    throw new EdxmlError(
      'EDXML_CERT_EXPIRED',
      `certificate is valid ${cert.validFrom} to ${cert.validTo}`,
    );
  }
  return { pem, publicKey };
}

/** Runs xml-crypto with a fresh instance; returns the one signed reference's canonical XML. */
function cryptoVerify(
  xml: string,
  shape: SignatureShape,
  publicKey: KeyObject,
  policy: AlgorithmPolicy,
): string {
  const sig = new SignedXml({ publicCert: publicKey, getCertFromKeyInfo: () => null });
  sig.SignatureAlgorithms = verifierMap(policy);
  sig.HashAlgorithms = hashMap(policy.digestMethods);
  sig.CanonicalizationAlgorithms = Object.fromEntries(
    Object.entries(sig.CanonicalizationAlgorithms).filter(
      ([uri]) =>
        policy.canonicalizations.has(uri) ||
        [...policy.transformChains].some((c) => c.split(' ').includes(uri)),
    ),
  );
  let valid = false;
  try {
    sig.loadSignature(shape.signature);
    valid = sig.checkSignature(xml);
  } catch (cause) {
    throw new EdxmlError('EDXML_SIGNATURE_INVALID', 'signature value does not verify', { cause });
  }
  // only after a clean `true` may the signed references be read (xml-crypto #575)
  const signed = valid ? sig.getSignedReferences() : [];
  if (signed.length !== 1) {
    throw new EdxmlError('EDXML_SIGNATURE_INVALID', 'reference digest does not match the content');
  }
  return signed[0];
}

/**
 * The canonicaliser each allowed transform chain ends with: exclusive C14N for the modern chain,
 * inclusive C14N 1.0 for the legacy ones (also when the chain names no canonicalisation, as
 * XMLDSig and xml-crypto then apply it by default).
 */
function chainCanonicalizer(chain: string): ExclusiveCanonicalization | C14nCanonicalization {
  return chain.split(' ').includes(A.EXC_C14N)
    ? new ExclusiveCanonicalization()
    : new C14nCanonicalization();
}

/**
 * Checks that our strict DOM of the received package is exactly the content xml-crypto verified,
 * `signed` being `getSignedReferences()[0]`, and returns it for every business value to be read
 * from (docs/security.md §2.2 step 7).
 *
 * With the Signature element taken out (what the enveloped-signature transform leaves out), the
 * canonical form of its document element, by xml-crypto's own canonicaliser of the chain, must
 * equal `signed` character for character. C14N is a serialisation of the node-set: equal output
 * means the same elements, in the same order, with the same namespaces, attributes and character
 * content. The package holds no comment, CDATA section or processing instruction (refused before
 * parsing), so it cannot read differently from that content by splitting a text: the bytes a
 * receiver stores and serves are then, for any XML parser, the content the signature covers.
 * Anything else that makes the two differ (a parser differential between our strict xmldom 0.9
 * and xml-crypto's lenient 0.8) is refused, not read around: what was verified and what is stored
 * must be the same document.
 */
function signedContent(doc: Document, shape: SignatureShape, signed: string): Document {
  const root = doc.documentElement!;
  shape.signature.parentNode?.removeChild(shape.signature);
  const canonical = chainCanonicalizer(shape.transformChain)
    .process(root, { defaultNsForPrefix: SignedXml.defaultNsForPrefix, ancestorNamespaces: [] })
    .toString();
  if (canonical !== signed) {
    throw new EdxmlError(
      'EDXML_SIGNED_CONTENT_MISMATCH',
      'the package does not read as the content its signature covers',
    );
  }
  return doc;
}

function checkSignedContent(
  signedDoc: Document,
  rootId: string | null,
  organId: string,
  pin: string,
): void {
  const signedRoot = signedDoc.documentElement!;
  if (signedRoot.getAttribute('Id') !== rootId) {
    throw new EdxmlError('EDXML_REFERENCE_INVALID', 'signed content is not the document element');
  }
  const signedHeader = headerElement(signedDoc);
  if (claimedSender(signedHeader) !== organId) {
    throw new EdxmlError('EDXML_SIGNER_MISMATCH', 'signed content names another sender');
  }
  if (pinnedDigest(signedHeader) !== pin) {
    throw new EdxmlError('EDXML_CERT_MISMATCH', 'signed content pins another certificate');
  }
}

/**
 * Verifies a received edXML package after docs/security.md §2.2: byte limits and DOCTYPE/PI ban
 * before parsing, one strict parse, unique Ids, the one Signature of the one allowed shape and
 * place, the algorithm allow-list, the signer resolved from the package's sender and its
 * registered certificate pinned (by the signed digest, KeyInfo only compared), a fresh xml-crypto
 * instance, and finally the package read ONLY from a strict DOM that provably canonicalises to the
 * verified content (refused otherwise): the bytes received are the bytes verified.
 * Every refusal is an EdxmlError with its own code.
 */
export function verifyEdxml(xml: Uint8Array | string, options: VerifyEdxmlOptions): VerifiedEdxml {
  const text = screenEdxml(xml, options.limits);
  const doc = parseStrict(text);
  const header = headerElement(doc);
  assertUniqueIds(doc);
  const legacy = options.allowLegacySha1 === true;
  const policy = algorithmPolicy(legacy);
  const shape = checkSignatureShape(doc, policy);
  const organId = claimedSender(header);
  const pin = pinnedDigest(header);
  const { pem, publicKey } = chooseCertificate(organId, pin, shape, options);
  const rootId = doc.documentElement!.getAttribute('Id');
  const signedDoc = signedContent(doc, shape, cryptoVerify(text, shape, publicKey, policy));
  checkSignedContent(signedDoc, rootId, organId, pin);
  const strictPolicy = algorithmPolicy(false);
  return {
    document: readPackage(signedDoc),
    signerCertificatePem: pem,
    algorithm: shape.signatureMethod,
    digest: { algorithm: shape.digestMethod, value: shape.digestValue },
    legacy:
      !strictPolicy.signatureMethods.has(shape.signatureMethod) ||
      !strictPolicy.digestMethods.has(shape.digestMethod),
  };
}
