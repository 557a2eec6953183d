import { XMLSerializer, type Document } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { DSIG_NS, EDXML_NS, LIENTHONG_EDXML_NS, XmlDsigAlgorithm as A } from './edxml.constants';
import { certificateInfo, type CertificateInfo } from './certificate-cache';
import { writeDocument } from './edxml.builder';
import { EdxmlError } from './edxml.errors';
import type { EdxmlDocument, EdxmlDocumentInput } from './edxml.types';
import { headerElement, readPackage } from './edxml.parser';
import {
  hashMap,
  signatureMethodFor,
  signerClass,
  type EdxmlSigner,
} from './xml-signature-algorithms';
import { childElements, parseStrict, screenEdxml, type EdxmlLimits } from './xml-dom';

const HEADER_XPATH =
  `/*[local-name()='edXML' and namespace-uri()='${EDXML_NS}']` +
  `/*[local-name()='edXMLEnvelope' and namespace-uri()='${EDXML_NS}']` +
  `/*[local-name()='edXMLHeader' and namespace-uri()='${EDXML_NS}']`;

/** SHA-256 (lowercase hex) of a certificate's DER: what the signed header pins. */
export function certificateSha256(pem: string): string {
  return certificateInfo(pem).sha256;
}

function assertKeyFits(alg: string, pem: string): void {
  const key = certificateInfo(pem).publicKey;
  const fits =
    alg === 'ES256'
      ? key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      : key.asymmetricKeyType === 'rsa';
  if (!fits) {
    throw new EdxmlError(
      'EDXML_ALGORITHM_REJECTED',
      `certificate key (${key.asymmetricKeyType}) does not fit ${alg}`,
    );
  }
}

/**
 * Parses, validates and prepares a package for signing: refuses a package that is already signed
 * or whose header is invalid, then writes `lt:SigningCertificate` (the SHA-256 of the signer's
 * certificate) into edXMLHeader so that the certificate choice is itself covered by the signature.
 */
function prepare(xml: string, certificatePem: string, limits?: EdxmlLimits): Document {
  const doc = parseStrict(screenEdxml(xml, limits));
  if (doc.getElementsByTagNameNS(DSIG_NS, 'Signature').length > 0) {
    throw new EdxmlError('EDXML_ALREADY_SIGNED', 'package already carries a signature');
  }
  readPackage(doc);
  const header = headerElement(doc);
  childElements(header, LIENTHONG_EDXML_NS, 'SigningCertificate').forEach((e) =>
    header.removeChild(e),
  );
  const pin = doc.createElementNS(LIENTHONG_EDXML_NS, 'lt:SigningCertificate');
  pin.setAttribute('Algorithm', 'sha256');
  pin.appendChild(doc.createTextNode(certificateSha256(certificatePem)));
  header.appendChild(pin);
  return doc;
}

function serialise(doc: Document): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}`;
}

/** Options of `signEdxml`. */
export interface SignEdxmlOptions {
  readonly limits?: EdxmlLimits;
}

/**
 * Signs an edXML package: enveloped XMLDSig over the whole document (`Reference URI=""`),
 * exclusive C14N without comments, SHA-256 digest, RSA-SHA256 / RSA-PSS-SHA256 / ECDSA-SHA256
 * after the signer's `alg`. The Signature is appended as the last child of edXMLHeader, with the
 * certificate in KeyInfo for interoperability only (verifiers here never trust it). Attached
 * files, and any signature inside them, are not touched: only their digests are signed.
 */
export function signEdxml(
  xml: string,
  signer: EdxmlSigner,
  options: SignEdxmlOptions = {},
): string {
  signatureMethodFor(signer.alg);
  assertKeyFits(signer.alg, signer.certificate.pem);
  return computeSignature(serialise(prepare(xml, signer.certificate.pem, options.limits)), signer);
}

/** A package built and signed here, with the validated model it was written from. */
export interface SignedEdxml {
  /** The signed package. */
  readonly xml: string;
  /** What the package says: the model `verifyEdxml` reads back from `xml`. */
  readonly document: EdxmlDocument;
}

/**
 * Builds and signs a document package in one go, for a sender that builds its own packages:
 * the same package `signEdxml(buildEdxml(input), signer)` makes (the certificate pin is written
 * by the builder instead of being inserted into a parsed copy), without parsing the freshly
 * built XML to validate it again and without reading the signed package back for its metadata.
 * The input is validated once, by the builder, before anything is written.
 */
export function buildSignedEdxml(input: EdxmlDocumentInput, signer: EdxmlSigner): SignedEdxml {
  signatureMethodFor(signer.alg);
  assertKeyFits(signer.alg, signer.certificate.pem);
  const { xml, document } = writeDocument(input, {
    signingCertificateSha256: certificateSha256(signer.certificate.pem),
  });
  return { xml: computeSignature(xml, signer), document };
}

const keyInfoContents = new WeakMap<CertificateInfo, string | null>();

/**
 * KeyInfo content for a certificate, made by xml-crypto's own builder once per certificate: it
 * parses the PEM on every call (a third of a millisecond), and the result never changes.
 */
function keyInfoContent(pem: string): string | null {
  const info = certificateInfo(pem);
  let content = keyInfoContents.get(info);
  if (content === undefined) {
    content = SignedXml.getKeyInfoContent({ publicCert: pem });
    keyInfoContents.set(info, content);
  }
  return content;
}

/** The xml-crypto part of signing: a fresh instance, our signer, the Signature appended. */
function computeSignature(prepared: string, signer: EdxmlSigner): string {
  const method = signatureMethodFor(signer.alg);
  const keyInfo = keyInfoContent(signer.certificate.pem);
  const sig = new SignedXml({
    // xml-crypto insists on a private key being set; the real one stays behind `signer.sign`
    privateKey: Buffer.alloc(1),
    publicCert: signer.certificate.pem,
    signatureAlgorithm: method,
    canonicalizationAlgorithm: A.EXC_C14N,
    // the Signature is written without a prefix; any other request is built the usual way
    getKeyInfoContent: (args) =>
      args?.prefix
        ? SignedXml.getKeyInfoContent({ ...args, publicCert: signer.certificate.pem })
        : keyInfo,
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
  sig.computeSignature(prepared, { location: { reference: HEADER_XPATH, action: 'append' } });
  return sig.getSignedXml();
}

/** Options of `edxmlSignatureTemplate`. */
export interface EdxmlTemplateOptions {
  /** Sign by `#id` reference to the document element (sets its `Id`); default `URI=""`. */
  readonly referenceId?: string;
  readonly limits?: EdxmlLimits;
}

/**
 * Prepares a package for an external XMLDSig signer (xmlsec1, an HSM tool): validates it, pins
 * the certificate digest in the header and appends an empty Signature template with the same
 * algorithms `signEdxml` uses. `xmlsec1 --sign` fills DigestValue, SignatureValue and X509Data.
 */
export function edxmlSignatureTemplate(
  xml: string,
  certificate: { readonly pem: string; readonly alg: string },
  options: EdxmlTemplateOptions = {},
): string {
  const method = signatureMethodFor(certificate.alg);
  assertKeyFits(certificate.alg, certificate.pem);
  const doc = prepare(xml, certificate.pem, options.limits);
  if (options.referenceId !== undefined) {
    doc.documentElement!.setAttribute('Id', options.referenceId);
  }
  const ds = (
    name: string,
    attributes: Record<string, string> = {},
    children: ReturnType<Document['createElementNS']>[] = [],
  ) => {
    const element = doc.createElementNS(DSIG_NS, name);
    Object.entries(attributes).forEach(([k, v]) => element.setAttribute(k, v));
    children.forEach((c) => element.appendChild(c));
    return element;
  };
  const reference = ds(
    'Reference',
    { URI: options.referenceId === undefined ? '' : `#${options.referenceId}` },
    [
      ds('Transforms', {}, [
        ds('Transform', { Algorithm: A.ENVELOPED_SIGNATURE }),
        ds('Transform', { Algorithm: A.EXC_C14N }),
      ]),
      ds('DigestMethod', { Algorithm: A.SHA256 }),
      ds('DigestValue'),
    ],
  );
  const signature = ds('Signature', { xmlns: DSIG_NS }, [
    ds('SignedInfo', {}, [
      ds('CanonicalizationMethod', { Algorithm: A.EXC_C14N }),
      ds('SignatureMethod', { Algorithm: method }),
      reference,
    ]),
    ds('SignatureValue'),
    ds('KeyInfo', {}, [ds('X509Data')]),
  ]);
  headerElement(doc).appendChild(signature);
  return serialise(doc);
}
