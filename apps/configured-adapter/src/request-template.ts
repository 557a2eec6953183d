import { ProviderError } from '@lienthong/adapter-kit';

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]{0,63})\}/g;

/** A path or query template of the configuration: literal text and `{field}` placeholders. */
export interface RequestTemplate {
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
}

/** The request fields a template uses (checked against the request schema when the adapter starts). */
export function templateFields(template: RequestTemplate): string[] {
  const texts = [template.path, ...Object.values(template.query ?? {})].filter(
    (text): text is string => text !== undefined,
  );
  return [...new Set(texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1])))]
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * Builds the path (with its query) of a back-end request from the look-up's fields. Each value is
 * percent-encoded as one segment or parameter (RFC 3986 unreserved characters only), so no value can
 * add a segment, a `..`, a query or another host: the request stays on the configured origin and
 * under the configured path.
 */
export function expandTemplate(
  template: RequestTemplate,
  query: Readonly<Record<string, unknown>>,
): string {
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_whole, name: string) => encodeValue(name, query[name]));
  const path = fill(template.path);
  const parameters = Object.entries(template.query ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeStrict(name)}=${fill(value)}`);
  return parameters.length > 0 ? `${path}?${parameters.join('&')}` : path;
}

function encodeValue(name: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return encodeStrict(String(value));
  }
  // a value of only dots would be a `.` or `..` segment, which back ends resolve as a path step
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 256 ||
    /^\.+$/.test(value)
  ) {
    throw new ProviderError(
      'PROVIDER_REQUEST_UNMAPPABLE',
      `request field ${name} cannot be put into the back end's request`,
    );
  }
  return encodeStrict(value);
}

/** encodeURIComponent leaves `!'()*` as they are; a template value keeps only unreserved ones. */
function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
