import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { SchemaError } from './schema.errors';
import { schemaIdForPath } from './schema-id';

/** One schema file of the repository, read and parsed, with the id its path implies. */
export interface SchemaFile {
  /** Absolute path of the file. */
  readonly path: string;
  /** Path relative to the `schemas/` folder, with `/` separators. */
  readonly relativePath: string;
  /** The id the path implies (`urn:lienthong:<domain>:<name>:<major>`). */
  readonly expectedId: string;
  /** The parsed schema. */
  readonly schema: Record<string, unknown>;
  /**
   * Absolute paths of the schema's examples: `examples/v<N>/*.json` beside a `v<N>` schema when
   * that folder exists (a breaking version has examples of its own), `examples/*.json` otherwise.
   */
  readonly examples: readonly string[];
}

const SCHEMA_FILE = /^v[1-9][0-9]*\.schema\.json$/;

/**
 * Finds the repository root: the nearest folder, walking up from `start`, that holds both a
 * `schemas/` folder and a package.json. Works from sources (jest, tsc) and from dist/.
 */
export function findRepositoryRoot(start: string = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'schemas')) && existsSync(join(dir, 'package.json'))) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new SchemaError('SCHEMA_ROOT_NOT_FOUND', `no schemas/ folder above ${start}`);
    }
    dir = parent;
  }
}

function walk(dir: string, found: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'examples') {
      walk(path, found);
    } else if (entry.isFile() && SCHEMA_FILE.test(entry.name)) {
      found.push(path);
    }
  }
  return found;
}

function listExamples(schemaPath: string): string[] {
  const shared = join(dirname(schemaPath), 'examples');
  const own = join(shared, basename(schemaPath).replace(/\.schema\.json$/, ''));
  const dir = existsSync(own) ? own : shared;
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

function parseSchema(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new TypeError('top level is not an object');
    }
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new SchemaError('SCHEMA_DEFINITION_INVALID', `${path} is not a JSON object`, {
      cause: error,
    });
  }
}

/** Reads every `<domain>/<name>/v<N>.schema.json` under `schemasDir`, sorted by path. */
export function readSchemaFiles(schemasDir: string): SchemaFile[] {
  return walk(schemasDir, [])
    .sort()
    .map((path) => {
      const relativePath = relative(schemasDir, path).split('\\').join('/');
      return {
        path,
        relativePath,
        expectedId: schemaIdForPath(relativePath),
        schema: parseSchema(path),
        examples: listExamples(path),
      };
    });
}
