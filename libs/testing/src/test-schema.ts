import { Client } from 'pg';
import { uniqueSuffix } from './test-namespace';

/** A PostgreSQL schema owned by one test file. */
export interface TestSchema {
  /** Schema name, e.g. `t_4k2x9q1m0a`; pass it as TypeORM's `schema` option. */
  readonly schema: string;
  /** The database URL with `search_path=<schema>,public` set for every connection made from it. */
  readonly url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** `url` with the connection option that makes `schema` the default for unqualified names. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema},public`);
  return parsed.toString();
}

async function run(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh schema in the database of `url`. The search path travels in the URL (the `pg`
 * driver honours it); TypeORM builds its own connection options from a URL, so give it `schema`.
 */
export async function createTestSchema(url: string): Promise<TestSchema> {
  const schema = `t_${uniqueSuffix()}`;
  await run(url, `CREATE SCHEMA ${schema}`);
  return {
    schema,
    url: withSearchPath(url, schema),
    drop: () => run(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}
