import { PkiError } from './pki.errors';

/**
 * RFC 8785 (JCS). Written here rather than taken from the `canonicalize` package because that
 * package is ESM-only with an `import`-only export map, which the CommonJS build cannot load.
 * JCS is ECMAScript's own JSON.stringify for primitives (ES number-to-string, minimal string
 * escapes) plus object members sorted by UTF-16 code units, which is `Array.prototype.sort`.
 *
 * The fast path lets the engine write the text: it copies the value with every object's members
 * inserted in sorted order (checking each value on the way) and hands the copy to JSON.stringify,
 * which writes members in insertion order — except array-index keys ("0", "17"), which JavaScript
 * objects always list first, in numeric order. A value holding such a key is written by the
 * member-by-member serializer instead. Both paths give the same text (canonical-json.spec.ts).
 */

/** Deepest nesting of a canonical value; a circular structure ends here too. */
const MAX_DEPTH = 256;

/** Thrown inside the fast path when an object has array-index keys. */
const INDEX_KEYS = Symbol('array-index keys');

const invalid = (message: string) => new PkiError('PKI_VALUE_NOT_JSON', message);

function checkString(value: string): void {
  // A lone surrogate cannot be encoded as UTF-8 (I-JSON, RFC 7493 §2.1); JSON.stringify would
  // escape it instead of refusing it.
  if (!value.isWellFormed()) {
    throw invalid('string holds a lone surrogate');
  }
}

/** Whether objects list `key` before their other keys (an array index, up to 2^32 - 2). */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9][0-9]{0,9})$/.test(key);
}

function checkScalar(value: unknown): void {
  if (typeof value === 'string') {
    checkString(value);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw invalid('NaN and Infinity have no JSON form');
    }
  } else if (typeof value !== 'boolean') {
    throw invalid(`a ${typeof value} has no JSON form`);
  }
}

function checkObject(value: object, depth: number): void {
  if (depth >= MAX_DEPTH) {
    throw invalid(`nested deeper than ${MAX_DEPTH} levels, or circular`);
  }
  if (!Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Dates and similar: a body is built from plain data, so refuse instead of guessing.
    throw invalid('objects with toJSON are not plain data');
  }
}

/** A copy of `value` whose objects hold their members in JCS order; checks every value. */
function sortedCopy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object') {
    checkScalar(value);
    return value;
  }
  if (value === null) {
    return null;
  }
  checkObject(value, depth);
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      copy[i] = sortedCopy(value[i], depth + 1);
    }
    return copy;
  }
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    const member = source[key];
    if (member !== undefined) {
      if (isIndexKey(key)) {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a private signal, caught below
        throw INDEX_KEYS;
      }
      checkString(key);
      copy[key] = sortedCopy(member, depth + 1);
    }
  }
  return copy;
}

/** The member-by-member serializer, for values with array-index keys. */
function serialize(value: unknown, depth: number): string {
  if (typeof value !== 'object') {
    checkScalar(value);
    return JSON.stringify(value);
  }
  if (value === null) {
    return 'null';
  }
  checkObject(value, depth);
  if (Array.isArray(value)) {
    return `[${value.map((item) => serialize(item, depth + 1)).join(',')}]`;
  }
  const source = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(source).sort()) {
    const member = source[key];
    if (member !== undefined) {
      checkString(key);
      members.push(`${JSON.stringify(key)}:${serialize(member, depth + 1)}`);
    }
  }
  return `{${members.join(',')}}`;
}

/**
 * The RFC 8785 canonical JSON text of a value. Object members whose value is `undefined` are left
 * out (as JSON.stringify does); NaN, Infinity, lone surrogates, functions, bigints, symbols,
 * `undefined` in arrays, objects with `toJSON` and nesting deeper than 256 levels (which includes
 * circular structures) throw PKI_VALUE_NOT_JSON.
 */
export function canonicalText(value: unknown): string {
  try {
    return JSON.stringify(sortedCopy(value, 0));
  } catch (error) {
    if (error === INDEX_KEYS) {
      return serialize(value, 0);
    }
    throw error;
  }
}

/** {@link canonicalText} as UTF-8 bytes: the exact bytes that are signed. */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(canonicalText(value), 'utf8');
}
