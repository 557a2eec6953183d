/** A node of the tiny XML writer: an element, a text value, or nothing (omitted). */
export type XmlNode = string | undefined | XmlElement;

/** An element to write; `children` are written in order. */
export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string | undefined>>;
  readonly children: readonly XmlNode[];
}

// Characters XML 1.0 cannot carry at all; refusing them here keeps the signed bytes parseable.

const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function escapeText(value: string): string {
  if (FORBIDDEN_CHARS.test(value)) {
    throw new RangeError('text holds a character XML 1.0 cannot represent');
  }
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;');
}

/** Builds an element; undefined children are skipped, so optional fields need no branching. */
export function el(
  name: string,
  children: XmlNode | readonly XmlNode[],
  attributes?: Record<string, string | undefined>,
): XmlElement | undefined {
  const list = (Array.isArray(children) ? children : [children]) as readonly XmlNode[];
  return { name, children: list, ...(attributes ? { attributes } : {}) };
}

/** Like `el`, but omitted entirely when the value is undefined. */
export function opt(name: string, value: string | number | undefined): XmlElement | undefined {
  return value === undefined ? undefined : { name, children: [String(value)] };
}

/** Serialises without indentation: whitespace inside signed content is significant. */
export function writeXml(node: XmlNode): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return escapeText(node);
  }
  const attributes = Object.entries(node.attributes ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  const inner = node.children.map(writeXml).join('');
  return inner === ''
    ? `<${node.name}${attributes}/>`
    : `<${node.name}${attributes}>${inner}</${node.name}>`;
}
