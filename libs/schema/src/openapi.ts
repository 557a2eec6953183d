import { parseSchemaId } from './schema-id';
import type { SchemaRegistry } from './schema-registry';

/** The parts of an OpenAPI document these helpers read and complete. */
export interface OpenApiDocument {
  openapi: string;
  components?: { schemas?: Record<string, unknown> };
  paths: object;
}

/** Schema of an RFC 9457 problem answered by every route (`schemas/http/problem/v1`). */
export const PROBLEM_SCHEMA_ID = 'urn:lienthong:http:problem:1';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** `urn:lienthong:civil-status:birth-request:1` → `BirthRequestV1`, the generated type's name. */
export function openApiSchemaName(id: string): string {
  const parts = parseSchemaId(id);
  if (!parts) {
    throw new Error(`not a schema id: ${id}`);
  }
  const name = parts.name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${name}V${parts.major}`;
}

/** A `$ref` to the component of a schema, for `@ApiBody({ schema: openApiRef(id) })`. */
export function openApiRef(id: string): { $ref: string } {
  return { $ref: `#/components/schemas/${openApiSchemaName(id)}` };
}

/**
 * A copy of a JSON Schema as an OpenAPI 3.1 component: `$schema` and `$id` dropped, and every
 * `$ref` — to another schema by URN, to one of its `$defs`, or to its own `#/$defs/…` — rewritten
 * to a component pointer. Collects the URNs it refers to in `needed`.
 */
function asComponent(schema: unknown, selfName: string, needed: Set<string>): unknown {
  if (Array.isArray(schema)) {
    return schema.map((item) => asComponent(item, selfName, needed));
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === '$id') {
      continue;
    }
    if (key === '$ref' && typeof value === 'string') {
      out[key] = rewriteRef(value, selfName, needed);
      continue;
    }
    out[key] = asComponent(value, selfName, needed);
  }
  return out;
}

function rewriteRef(ref: string, selfName: string, needed: Set<string>): string {
  if (ref.startsWith('#')) {
    return `#/components/schemas/${selfName}${ref.slice(1)}`;
  }
  const [urn, fragment = ''] = ref.split('#');
  needed.add(urn);
  return `#/components/schemas/${openApiSchemaName(urn)}${fragment}`;
}

/** Every `#/components/schemas/<name>` the document refers to. */
function referencedNames(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencedNames(item, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') {
        const match = /^#\/components\/schemas\/([^/]+)/.exec(item);
        if (match) {
          into.add(match[1]);
        }
      } else {
        referencedNames(item, into);
      }
    }
  }
  return into;
}

/**
 * Adds the JSON Schemas of `schemas/` that the routes refer to (`openApiRef(id)` in `@ApiBody`),
 * those in `ids`, and every schema they refer to, as components named like their generated types:
 * request bodies and answers are described by the very schemas the service validates with. The
 * document becomes OpenAPI 3.1, whose schema objects are JSON Schema 2020-12.
 */
export function addSchemaComponents(
  document: OpenApiDocument,
  registry: SchemaRegistry,
  ids: readonly string[] = [],
): void {
  document.openapi = '3.1.0';
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});
  const byName = new Map(registry.ids().map((id) => [openApiSchemaName(id), id]));
  const referenced = [...referencedNames(document.paths, new Set())]
    .filter((name) => !(name in schemas))
    .map((name) => byName.get(name))
    .filter((id): id is string => id !== undefined);
  const pending = [...ids, ...referenced];
  const done = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (done.has(id)) {
      continue;
    }
    done.add(id);
    const needed = new Set<string>();
    const name = openApiSchemaName(id);
    schemas[name] = asComponent(registry.get(id), name, needed);
    pending.push(...needed);
  }
}

/**
 * Declares the RFC 9457 `application/problem+json` answer on every operation: the route's own
 * error statuses when it lists them, and `default` for the rest (docs/errors.md has every code).
 */
export function addProblemResponses(document: OpenApiDocument, registry: SchemaRegistry): void {
  addSchemaComponents(document, registry, [PROBLEM_SCHEMA_ID]);
  const problem = {
    description: 'RFC 9457 problem details with a stable `code` (docs/errors.md)',
    content: { 'application/problem+json': { schema: openApiRef(PROBLEM_SCHEMA_ID) } },
  };
  for (const item of Object.values(document.paths) as Record<string, unknown>[]) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || operation === null || typeof operation !== 'object') {
        continue;
      }
      const responses = ((operation as { responses?: Record<string, unknown> }).responses ??= {});
      responses['default'] ??= problem;
    }
  }
}
