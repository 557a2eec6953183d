import { EnvelopeError } from './envelope.errors';

/**
 * RFC 8785 (JCS). Written here rather than taken from the `canonicalize` package because that
 * package is ESM-only with an `import`-only export map, which the CommonJS build cannot load.
 * JCS is ECMAScript's own JSON.stringify for primitives (ES number-to-string, minimal string
 * escapes) plus object members sorted by UTF-16 code units, which is `Array.prototype.sort`.
 */
function serialize(value: unknown, seen: Set<object>): string {
  if (value === null || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new EnvelopeError('ENVELOPE_VALUE_INVALID', 'NaN and Infinity have no JSON form');
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    return serializeString(value);
  }
  if (typeof value !== 'object') {
    throw new EnvelopeError('ENVELOPE_VALUE_INVALID', `a ${typeof value} has no JSON form`);
  }
  if (seen.has(value)) {
    throw new EnvelopeError('ENVELOPE_VALUE_INVALID', 'circular structure');
  }
  seen.add(value);
  const json = Array.isArray(value)
    ? serializeArray(value, seen)
    : serializeObject(value as Record<string, unknown>, seen);
  seen.delete(value);
  return json;
}

function serializeString(value: string): string {
  // A lone surrogate cannot be encoded as UTF-8 (I-JSON, RFC 7493 §2.1). isWellFormed is native
  // and several times cheaper than a Unicode-property regex on the signing hot path.
  if (!value.isWellFormed()) {
    throw new EnvelopeError('ENVELOPE_VALUE_INVALID', 'string holds a lone surrogate');
  }
  return JSON.stringify(value);
}

function serializeArray(values: readonly unknown[], seen: Set<object>): string {
  return `[${values.map((item) => serialize(item, seen)).join(',')}]`;
}

function serializeObject(value: Record<string, unknown>, seen: Set<object>): string {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Dates and similar: a body is built from plain data, so refuse instead of guessing.
    throw new EnvelopeError('ENVELOPE_VALUE_INVALID', 'objects with toJSON are not plain data');
  }
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = value[key];
    if (member !== undefined) {
      members.push(`${serializeString(key)}:${serialize(member, seen)}`);
    }
  }
  return `{${members.join(',')}}`;
}

/**
 * The RFC 8785 canonical JSON of a value as UTF-8 bytes: the exact bytes that are signed.
 * Object members whose value is `undefined` are left out (as JSON.stringify does); NaN, Infinity,
 * lone surrogates, functions, bigints, symbols and objects with `toJSON` throw ENVELOPE_VALUE_INVALID.
 */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(serialize(value, new Set()), 'utf8');
}
