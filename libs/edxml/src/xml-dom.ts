import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { DEFAULT_EDXML_MAX_BYTES } from './edxml.constants';
import { EdxmlError } from './edxml.errors';

/** Byte-level limits applied before any parser sees the package. */
export interface EdxmlLimits {
  /** Ceiling of the raw package size in bytes; default 8 MiB. */
  readonly maxBytes?: number;
}

const DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.0\1(?:\s+encoding\s*=\s*(["'])([A-Za-z0-9._-]+)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/;

function decode(input: Uint8Array | string, maxBytes: number): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    throw new EdxmlError('EDXML_TOO_LARGE', `package is ${size} bytes, limit ${maxBytes}`, {
      details: { size, maxBytes },
    });
  }
  if (typeof input === 'string') {
    return input;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch (cause) {
    throw new EdxmlError('EDXML_ENCODING_INVALID', 'package is not valid UTF-8', { cause });
  }
}

/** Removes and checks the XML declaration; only UTF-8 is accepted, declared or implied. */
function stripDeclaration(xml: string): string {
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (!text.startsWith('<?xml')) {
    return text;
  }
  const match = DECLARATION.exec(text);
  if (!match) {
    throw new EdxmlError('EDXML_MALFORMED', 'XML declaration is malformed');
  }
  const encoding = match[3];
  if (encoding !== undefined && encoding.toUpperCase() !== 'UTF-8') {
    throw new EdxmlError('EDXML_ENCODING_INVALID', `declared encoding ${encoding} is not UTF-8`);
  }
  return text.slice(match[0].length);
}

/**
 * Byte-level screening (docs/security.md §2.2 step 1): size, UTF-8, no DOCTYPE, no entity or other
 * markup declarations, no processing instructions, no comments and no CDATA sections. Deliberately
 * blunt: a `<!DOCTYPE` even inside a comment is refused, so no later parser (ours, xml-crypto's, an
 * agency's) ever meets one.
 *
 * Comments and CDATA sections are refused anywhere in the package (docs/security.md §2.2): exclusive
 * C14N drops a comment and turns a CDATA section into plain text, so either can split a signed
 * value into several nodes that the signature does not see (`vpcp@chinhphu<!---->.vn`, or
 * `Hà<![CDATA[ Nội]]>`) while a reader of the stored bytes that takes an element's first text node
 * sees a part of it. Without them (and without processing instructions), the character content of
 * an element between two child elements is one text node in any XML parser, the same the verifier
 * approved, so the bytes a receiver stores and serves read exactly as the verified content.
 * In well-formed XML `<!--` and `<![CDATA[` can only open a comment or a CDATA section (or stand
 * inside one), so searching the text for them finds exactly those.
 * Returns the text to parse, without BOM or declaration.
 */
export function screenEdxml(input: Uint8Array | string, limits: EdxmlLimits = {}): string {
  const xml = decode(input, limits.maxBytes ?? DEFAULT_EDXML_MAX_BYTES);
  if (/<!(?!--|\[CDATA\[)/.test(xml) || /<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new EdxmlError(
      'EDXML_DOCTYPE_FORBIDDEN',
      'DOCTYPE and markup declarations are forbidden',
    );
  }
  if (xml.includes('<!--')) {
    throw new EdxmlError('EDXML_COMMENT_FORBIDDEN', 'comments are forbidden in a package');
  }
  if (xml.includes('<![CDATA[')) {
    throw new EdxmlError('EDXML_CDATA_FORBIDDEN', 'CDATA sections are forbidden in a package');
  }
  const body = stripDeclaration(xml);
  if (body.includes('<?')) {
    throw new EdxmlError(
      'EDXML_PROCESSING_INSTRUCTION_FORBIDDEN',
      'processing instructions are forbidden',
    );
  }
  return body;
}

/**
 * Strict parse with xmldom 0.9: every warning and error stops parsing, and line endings follow
 * XML 1.0 only (xmldom's default also folds U+2028/U+2029/U+0085, which xml-crypto's parser does
 * not; two readings of one text are what signature-wrapping attacks feed on).
 */
export function parseStrict(xml: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new EdxmlError('EDXML_MALFORMED', `XML ${level}: ${message}`);
    },
    normalizeLineEndings: (source) => source.replace(/\r\n?/g, '\n'),
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (cause) {
    if (cause instanceof EdxmlError) {
      throw cause;
    }
    throw new EdxmlError('EDXML_MALFORMED', 'package is not well-formed XML', { cause });
  }
  const roots = Array.from(doc.childNodes).filter((n) => n.nodeType === n.ELEMENT_NODE);
  if (roots.length !== 1 || !doc.documentElement) {
    throw new EdxmlError('EDXML_MALFORMED', `package has ${roots.length} document elements`);
  }
  return doc;
}

/** Child elements of `parent`, optionally only those with this namespace and local name. */
export function childElements(parent: Element, ns?: string, localName?: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element =>
      n.nodeType === n.ELEMENT_NODE &&
      (ns === undefined || (n as Element).namespaceURI === ns) &&
      (localName === undefined || (n as Element).localName === localName),
  );
}

/** Every element of the document, in document order. */
export function allElements(doc: Document): Element[] {
  return Array.from(doc.getElementsByTagName('*'));
}

/** Refuses any `Id`/`ID`/`id` value (any namespace, e.g. wsu:Id) that appears twice. */
export function assertUniqueIds(doc: Document): void {
  const seen = new Set<string>();
  for (const element of allElements(doc)) {
    for (const attr of Array.from(element.attributes)) {
      const name = attr.localName ?? attr.name;
      if (name !== 'Id' && name !== 'ID' && name !== 'id') {
        continue;
      }
      if (seen.has(attr.value)) {
        throw new EdxmlError('EDXML_ID_DUPLICATE', `Id "${attr.value}" appears more than once`);
      }
      seen.add(attr.value);
    }
  }
}
