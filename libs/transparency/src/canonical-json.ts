import { TransparencyError } from './transparency.errors';

/**
 * RFC 8785 (JCS) serialisation: object members sorted by UTF-16 code units, ECMAScript number
 * and string serialisation, no whitespace. Written here rather than taken from the `canonicalize`
 * package because that package is ESM-only with an `import`-only export condition, which the
 * CommonJS build of this repository cannot `require`; JCS over ECMAScript is this small.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TransparencyError('AUDIT_RECORD_INVALID', 'JSON has no NaN or Infinity');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, item]) => item !== undefined,
    );
    // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 asks for.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TransparencyError('AUDIT_RECORD_INVALID', `${typeof value} is not JSON`);
}
