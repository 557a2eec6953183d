import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { format, resolveConfig } from 'prettier';
import { readSchemaFiles } from './schema-files';
import { parseSchemaId } from './schema-id';

/** Folder of the generated message types, relative to the repository root. */
export const GENERATED_TYPES_DIR = join('libs', 'schema', 'src', 'generated');

/** The generated file that lists every message type (re-exported by libs/schema/src/index.ts). */
export const MESSAGE_TYPES_FILE = 'message-types.ts';

const BANNER = [
  '/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).',
  ' * Do not edit: change the schema and regenerate. */',
].join('\n');

function pascal(token: string): string {
  return token
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `urn:lienthong:bus:ping-request:1` → file `bus.ping-request.v1.ts`, type `PingRequestV1`. */
function namesFor(id: string): { file: string; typeName: string } {
  const parts = parseSchemaId(id);
  if (!parts) {
    throw new Error(`not a schema id: ${id}`);
  }
  return {
    file: `${parts.domain}.${parts.name}.v${parts.major}.ts`,
    typeName: `${pascal(parts.name)}V${parts.major}`,
  };
}

/**
 * Renders the TypeScript of every schema under `<rootDir>/schemas`, keyed by file name, formatted
 * with the repository's prettier configuration so that `format:check` and the drift test agree.
 */
export async function renderTypes(rootDir: string): Promise<Map<string, string>> {
  const prettierOptions = (await resolveConfig(join(rootDir, GENERATED_TYPES_DIR, 'x.ts'))) ?? {};
  const rendered = new Map<string, string>();
  const files = readSchemaFiles(join(rootDir, 'schemas'));
  const byId = new Map(files.map((f) => [f.expectedId, f.schema]));
  // Schemas reference each other by URN ($id); resolve those from the registry, never the network.
  const urnResolver = {
    order: 1,
    canRead: /^urn:lienthong:/,
    read: ({ url }: { url: string }) => {
      const found = byId.get(url);
      if (!found) {
        throw new Error(`unknown schema reference ${url}`);
      }
      return JSON.stringify(found);
    },
  };
  const exported: { name: string; typeName: string }[] = [];
  for (const file of files) {
    const { file: name, typeName } = namesFor(file.expectedId);
    // The title would name the root type; the version suffix keeps v1 and v2 apart.
    const schema = { ...file.schema, title: typeName } as JSONSchema;
    const source = await compile(schema, typeName, {
      bannerComment: BANNER,
      additionalProperties: false,
      unknownAny: true,
      ignoreMinAndMaxItems: true,
      strictIndexSignatures: true,
      format: false,
      declareExternallyReferenced: true,
      cwd: join(rootDir, 'schemas'),
      $refOptions: { resolve: { lienthong: urnResolver } },
    });
    rendered.set(name, await format(source, { ...prettierOptions, parser: 'typescript' }));
    exported.push({ name, typeName });
  }
  // One list of every message type, re-exported by the lib's index (apps import them from there).
  const list = exported
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      ({ name, typeName }) => `export type { ${typeName} } from './${name.replace(/\.ts$/, '')}';`,
    )
    .join('\n');
  rendered.set(
    MESSAGE_TYPES_FILE,
    await format(`${BANNER}\n\n${list}\n`, { ...prettierOptions, parser: 'typescript' }),
  );
  return rendered;
}

/**
 * Regenerates `libs/schema/src/generated/<domain>.<name>.v<N>.ts` from the schemas (style G11):
 * writes every rendered file and removes stale ones. Returns the file names written.
 */
export async function generateTypes(rootDir: string): Promise<string[]> {
  const outDir = join(rootDir, GENERATED_TYPES_DIR);
  const rendered = await renderTypes(rootDir);
  mkdirSync(outDir, { recursive: true });
  for (const existing of readdirSync(outDir)) {
    if (existing.endsWith('.ts') && !rendered.has(existing)) {
      rmSync(join(outDir, existing));
    }
  }
  for (const [name, source] of rendered) {
    const path = join(outDir, name);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== source) {
      writeFileSync(path, source);
    }
  }
  return [...rendered.keys()].sort();
}

/** The generated files that differ from what the schemas give (missing, stale or extra). */
export async function staleTypes(rootDir: string): Promise<string[]> {
  const outDir = join(rootDir, GENERATED_TYPES_DIR);
  const rendered = await renderTypes(rootDir);
  const stale = readdirSync(outDir).filter((name) => name.endsWith('.ts') && !rendered.has(name));
  for (const [name, source] of rendered) {
    let current: string | undefined;
    try {
      current = readFileSync(join(outDir, name), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== source) {
      stale.push(name);
    }
  }
  return stale.sort();
}
