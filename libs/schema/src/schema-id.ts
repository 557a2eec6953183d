import { SchemaError } from './schema.errors';

/** The parts of a schema URN `urn:lienthong:<domain>:<name>:<major>`. */
export interface SchemaIdParts {
  readonly domain: string;
  readonly name: string;
  readonly major: number;
}

const TOKEN = '[a-z][a-z0-9-]{0,63}';

/** Matches a schema id; also the message-type pattern of the envelope. */
export const SCHEMA_ID_PATTERN = new RegExp(
  `^urn:lienthong:(${TOKEN}):(${TOKEN}):([1-9][0-9]{0,3})$`,
);

/** Formats the URN of a schema from its parts. */
export function formatSchemaId(parts: SchemaIdParts): string {
  return `urn:lienthong:${parts.domain}:${parts.name}:${parts.major}`;
}

/** Parses a schema URN, or returns undefined when the string is not one. */
export function parseSchemaId(id: string): SchemaIdParts | undefined {
  const match = SCHEMA_ID_PATTERN.exec(id);
  if (!match) {
    return undefined;
  }
  return { domain: match[1], name: match[2], major: Number(match[3]) };
}

const FILE_PATTERN = new RegExp(`^(${TOKEN})/(${TOKEN})/v([1-9][0-9]{0,3})\\.schema\\.json$`);

/**
 * Derives the expected id from a path relative to `schemas/` (`<domain>/<name>/v<N>.schema.json`),
 * so that the folder layout and the ids can never drift apart.
 */
export function schemaIdForPath(relativePath: string): string {
  const match = FILE_PATTERN.exec(relativePath.split('\\').join('/'));
  if (!match) {
    throw new SchemaError(
      'SCHEMA_ID_MISMATCH',
      `schema file ${relativePath} is not at schemas/<domain>/<name>/v<major>.schema.json`,
    );
  }
  return formatSchemaId({ domain: match[1], name: match[2], major: Number(match[3]) });
}
