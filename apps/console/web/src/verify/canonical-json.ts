/**
 * RFC 8785 (JCS) canonical JSON of a parsed value: object members sorted by their UTF-16 code
 * units, no whitespace, strings and numbers as ECMAScript's JSON.stringify writes them (which is
 * what JCS specifies). The browser twin of libs/envelope's canonicalJson, for verifying evidence.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
}
