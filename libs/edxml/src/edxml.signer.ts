import { XMLSerializer, type Document } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { DSIG_NS, EDXML_NS, LIENTHONG_EDXML_NS, XmlDsigAlgorithm as A } from './edxml.constants';
import { certificateInfo } from './certificate-cache';
import { EdxmlError } from './edxml.errors';
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
  const method = signatureMethodFor(signer.alg);
  assertKeyFits(signer.alg, signer.certificate.pem);
  const prepared = serialise(prepare(xml, signer.certificate.pem, options.limits));
  const sig = new SignedXml({
    // xml-crypto insists on a private key being set; the real one stays behind `signer.sign`
    privateKey: Buffer.alloc(1),
    publicCert: signer.certificate.pem,
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
