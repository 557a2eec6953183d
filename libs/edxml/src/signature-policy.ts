import type { Document, Element, Node } from '@xmldom/xmldom';
import { DSIG_NS } from './edxml.constants';
import { EdxmlError, type EdxmlErrorCodeName } from './edxml.errors';
import { headerElement } from './edxml.parser';
import type { AlgorithmPolicy } from './xml-signature-algorithms';
import { allElements, childElements } from './xml-dom';

const DSIG11_NS = 'http://www.w3.org/2009/xmldsig11#';

/** What the structural check learned about the one Signature; nothing here is authenticated. */
export interface SignatureShape {
  readonly signature: Element;
  readonly signatureMethod: string;
  readonly digestMethod: string;
  readonly digestValue: string;
  readonly uri: string;
  /** The Reference's Transform algorithms, in order, joined by a space. */
  readonly transformChain: string;
  /** Base64 DER of every X509Certificate in KeyInfo (compared, never trusted). */
  readonly keyInfoCertificates: readonly string[];
}

function refuse(code: EdxmlErrorCodeName, message: string): never {
  throw new EdxmlError(code, message);
}

/** Element children in order, refusing any non-blank text, comment or PI between them. */
function strictChildren(element: Element): Element[] {
  for (const node of Array.from<Node>(element.childNodes)) {
    const blank = node.nodeType === node.TEXT_NODE && /^\s*$/.test(node.nodeValue ?? '');
    if (node.nodeType !== node.ELEMENT_NODE && !blank) {
      refuse('EDXML_SIGNATURE_SHAPE_INVALID', `${element.localName} holds unexpected content`);
    }
  }
  return childElements(element);
}

/** Checks that `element`'s children are exactly the dsig elements `names` (`?` = optional). */
function expectChildren(element: Element, names: readonly string[]): Element[] {
  const children = strictChildren(element);
  const pattern = names.map((n) => (n.endsWith('?') ? `(${n.slice(0, -1)},)?` : `${n},`)).join('');
  const actual = children
    .map((c) => (c.namespaceURI === DSIG_NS ? `${c.localName},` : '#foreign,'))
    .join('');
  if (!new RegExp(`^${pattern}$`).test(actual)) {
    refuse(
      'EDXML_SIGNATURE_SHAPE_INVALID',
      `${element.localName} must hold ${names.join(', ')}, not ${actual}`,
    );
  }
  return children;
}

function algorithmOf(element: Element): string {
  if (strictChildren(element).length > 0) {
    // HMACOutputLength, InclusiveNamespaces, XPath filters: none is part of our profile
    refuse('EDXML_SIGNATURE_SHAPE_INVALID', `${element.localName} may not have parameters`);
  }
  return element.getAttribute('Algorithm') ?? '';
}

function leafText(element: Element): string {
  if (Array.from(element.childNodes).some((n) => n.nodeType !== n.TEXT_NODE)) {
    // a comment inside DigestValue made xml-crypto read the wrong text node (CVE-2025-29775)
    refuse('EDXML_SIGNATURE_SHAPE_INVALID', `${element.localName} must hold text only`);
  }
  return (element.textContent ?? '').replace(/\s+/g, '');
}

function locateSignature(doc: Document): Element {
  const all = doc.getElementsByTagNameNS(DSIG_NS, 'Signature');
  if (all.length === 0) {
    refuse('EDXML_SIGNATURE_MISSING', 'package carries no ds:Signature');
  }
  if (all.length > 1) {
    refuse('EDXML_SIGNATURE_MULTIPLE', `package carries ${all.length} ds:Signature elements`);
  }
  const signature = all.item(0)!;
  const header = headerElement(doc);
  const siblings = childElements(header);
  if (signature.parentNode !== header || siblings[siblings.length - 1] !== signature) {
    refuse('EDXML_SIGNATURE_MISPLACED', 'ds:Signature must be the last child of edXMLHeader');
  }
  const stray = allElements(doc).find(
    (e) => (e.namespaceURI === DSIG_NS || e.namespaceURI === DSIG11_NS) && !isWithin(e, signature),
  );
  if (stray) {
    refuse('EDXML_SIGNATURE_SHAPE_INVALID', `${stray.localName} appears outside the Signature`);
  }
  return signature;
}

function isWithin(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) {
    if (n === ancestor) {
      return true;
    }
  }
  return false;
}

function checkReference(reference: Element, doc: Document, policy: AlgorithmPolicy) {
  const [first, ...rest] = expectChildren(reference, [
    'Transforms?',
    'DigestMethod',
    'DigestValue',
  ]);
  const transforms = first?.localName === 'Transforms' ? expectTransforms(first) : [];
  const [digestMethod, digestValue] = first?.localName === 'Transforms' ? rest : [first, ...rest];
  const uri = reference.getAttribute('URI');
  const rootId = doc.documentElement!.getAttribute('Id');
  if (uri === null || (uri !== '' && (!rootId || uri !== `#${rootId}`))) {
    refuse('EDXML_REFERENCE_INVALID', `Reference URI "${String(uri)}" is not the whole document`);
  }
  const chain = transforms.join(' ');
  const digest = algorithmOf(digestMethod);
  if (!policy.transformChains.has(chain) || !policy.digestMethods.has(digest)) {
    refuse('EDXML_ALGORITHM_REJECTED', `transforms [${chain}] / digest ${digest} are not allowed`);
  }
  return { uri, transformChain: chain, digestMethod: digest, digestValue: leafText(digestValue) };
}

function expectTransforms(transforms: Element): string[] {
  const list = strictChildren(transforms);
  if (list.some((t) => t.namespaceURI !== DSIG_NS || t.localName !== 'Transform')) {
    refuse('EDXML_SIGNATURE_SHAPE_INVALID', 'Transforms may hold only Transform elements');
  }
  return list.map(algorithmOf);
}

function keyInfoCertificates(keyInfo: Element | undefined): string[] {
  if (!keyInfo) {
    return [];
  }
  const inner = Array.from(keyInfo.getElementsByTagName('*'));
  const allowed = [
    'X509Data',
    'X509Certificate',
    'X509SubjectName',
    'X509IssuerSerial',
    'X509IssuerName',
    'X509SerialNumber',
    'KeyName',
  ];
  const odd = inner.find((e) => e.namespaceURI !== DSIG_NS || !allowed.includes(e.localName ?? ''));
  if (odd) {
    refuse('EDXML_SIGNATURE_SHAPE_INVALID', `KeyInfo may not hold ${odd.localName}`);
  }
  return inner.filter((e) => e.localName === 'X509Certificate').map(leafText);
}

/**
 * Structural policy of docs/security.md §2.2 steps 3 and 4 on the strictly parsed DOM: exactly one
 * Signature, as the last child of edXMLHeader, of the exact shape SignedInfo / SignatureValue /
 * KeyInfo?, one Reference to the whole document, no Object or Manifest, no comments inside, and
 * algorithms from the allow-list only. Run before xml-crypto sees anything.
 */
export function checkSignatureShape(doc: Document, policy: AlgorithmPolicy): SignatureShape {
  const signature = locateSignature(doc);
  const [signedInfo, signatureValue, keyInfo] = expectChildren(signature, [
    'SignedInfo',
    'SignatureValue',
    'KeyInfo?',
  ]);
  const parts = strictChildren(signedInfo);
  const references = parts.slice(2);
  if (
    references.length !== 1 ||
    references.some((r) => r.localName !== 'Reference' || r.namespaceURI !== DSIG_NS)
  ) {
    refuse(
      'EDXML_REFERENCE_INVALID',
      `SignedInfo must hold exactly one Reference, not ${references.length}`,
    );
  }
  expectChildren(signedInfo, ['CanonicalizationMethod', 'SignatureMethod', 'Reference']);
  const canonicalization = algorithmOf(parts[0]);
  const signatureMethod = algorithmOf(parts[1]);
  if (
    !policy.canonicalizations.has(canonicalization) ||
    !policy.signatureMethods.has(signatureMethod)
  ) {
    refuse('EDXML_ALGORITHM_REJECTED', `${canonicalization} / ${signatureMethod} are not allowed`);
  }
  leafText(signatureValue);
  return {
    signature,
    signatureMethod,
    ...checkReference(references[0], doc, policy),
    keyInfoCertificates: keyInfoCertificates(keyInfo),
  };
}
