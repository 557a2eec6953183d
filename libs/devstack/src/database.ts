import { Client } from 'pg';
import { DevstackError } from './devstack.errors';
import { safeUrl } from './network-wait';

/** PostgreSQL identifiers we create: lower case, so they never need quoting by hand-written SQL. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws DEVSTACK_DATABASE_NAME_INVALID unless `name` is a plain lower-case SQL identifier. */
export function assertIdentifier(name: string, what: 'database' | 'schema'): void {
  if (!IDENTIFIER.test(name)) {
    throw new DevstackError(
      'DEVSTACK_DATABASE_NAME_INVALID',
      `${what} name "${name}" must match ${IDENTIFIER.source}`,
      { details: { name } },
    );
  }
}

/** `url` pointing at database `name` instead of its own. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Creates database `name` on the server of `url` unless it exists, and returns the URL of the new
 * database. Concurrent callers may race; losing the race is not an error.
 */
export async function createDatabase(url: string, name: string): Promise<string> {
  assertIdentifier(name, 'database');
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new DevstackError(
      'DEVSTACK_UNREACHABLE',
      `${safeUrl(url)} is not reachable: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, details: { url: safeUrl(url) } },
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    }
  } catch (error) {
    // 42P04 duplicate_database; 23505 when two CREATE DATABASE race on the catalog index.
    if (!['42P04', '23505'].includes(String((error as { code?: unknown }).code))) {
      throw new DevstackError(
        'DEVSTACK_DATABASE_CREATE_FAILED',
        `creating database ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, details: { name } },
      );
    }
  } finally {
    await client.end();
  }
  return withDatabase(url, name);
}
