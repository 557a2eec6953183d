import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createWriteStream,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { defineErrorArea } from '@lienthong/errors';
import { quoteIdentifier } from '@lienthong/persistence';
import type { Progress } from '../shared/progress';

/**
 * Logical backups of the trust and audit databases (and any app schema) and of the key folders,
 * and their restore into another PostgreSQL (ADR 0023, docs/operations.md "Backup and restore").
 * Each table is copied with COPY inside one read-only repeatable-read transaction, so the backup
 * is one consistent snapshot of every schema it names; a manifest lists each file with its
 * SHA-256, the schema's migrations and its sequences.
 */
export const BackupErrorCode = {
  BACKUP_SCHEMA_MISSING: {
    httpStatus: 404,
    retryable: false,
    title: 'The database has no such schema (or it holds no tables)',
  },
  RESTORE_BACKUP_CORRUPT: {
    httpStatus: 422,
    retryable: false,
    title: 'A file of the backup is missing or does not match its digest in the manifest',
  },
  RESTORE_SCHEMA_MISSING: {
    httpStatus: 409,
    retryable: false,
    title:
      'The target schema does not exist: start its service once on the empty database so it creates its tables, stop it, then restore',
  },
  RESTORE_VERSION_MISMATCH: {
    httpStatus: 409,
    retryable: false,
    title: 'The target schema was created by other migrations than the backup',
  },
  RESTORE_TARGET_NOT_EMPTY: {
    httpStatus: 409,
    retryable: false,
    title: 'The target schema holds rows: restore into an empty one, or pass --replace',
  },
  RESTORE_KEYS_CONFLICT: {
    httpStatus: 409,
    retryable: false,
    title: 'A key file of the backup differs from the file already at its place',
  },
} as const;

export class BackupError extends defineErrorArea('BackupError', BackupErrorCode) {}

export const BACKUP_FORMAT = 'lienthong-backup/1';
export const MIGRATIONS_TABLE = 'migrations';

export interface BackupFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface TableBackup extends BackupFile {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: number;
}

export interface SchemaBackup {
  readonly schema: string;
  /** Names of the migrations that built the schema, in the order they ran. */
  readonly migrations: readonly string[];
  readonly tables: readonly TableBackup[];
  readonly sequences: readonly { readonly name: string; readonly lastValue: string | null }[];
}

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly createdAt: string;
  readonly serverVersion: string;
  readonly schemas: readonly SchemaBackup[];
  readonly keys: readonly BackupFile[];
}

export interface BackupOptions {
  readonly databaseUrl: string;
  readonly schemas: readonly string[];
  /** An empty or new directory the backup is written to. */
  readonly out: string;
  /** A folder of key material copied as it is (e.g. the trust data folder). */
  readonly keys?: string;
  /** Told the rows copied so far. */
  readonly progress?: Progress;
}

/** Counts the lines (rows of COPY's text format) and hashes the bytes that pass through. */
export class Tally extends Transform {
  readonly hash = createHash('sha256');
  rows = 0;
  bytes = 0;

  constructor(private readonly onRows: (rows: number) => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    let lines = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      lines += 1;
    }
    if (lines > 0) {
      this.rows += lines;
      this.onRows(lines);
    }
    done(null, chunk);
  }
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function filesUnder(root: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) {
      found.push(...filesUnder(path));
    } else if (entry.isFile()) {
      found.push(path);
    }
  }
  return found.sort();
}

export const qualified = (schema: string, name: string): string =>
  `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;

export async function tablesOf(client: Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`,
    [schema],
  );
  return rows.map((row) => row.name);
}

export async function migrationsOf(client: Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT name FROM ${qualified(schema, MIGRATIONS_TABLE)} ORDER BY id`,
  );
  return rows.map((row) => row.name);
}

/** Writes a backup of `schemas` (one snapshot) and of the key folder; returns its manifest. */
export async function backupDatabase(options: BackupOptions): Promise<BackupManifest> {
  mkdirSync(options.out, { recursive: true, mode: 0o700 });
  if (readdirSync(options.out).length > 0) {
    throw new Error(`${options.out} is not empty: a backup goes into a new directory`);
  }
  const client = new Client({
    connectionString: options.databaseUrl,
    application_name: 'lt-backup',
  });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const serverVersion = (await client.query<{ v: string }>('SHOW server_version')).rows[0].v;
    const schemas: SchemaBackup[] = [];
    for (const schema of options.schemas) {
      const tables = await tablesOf(client, schema);
      if (tables.length === 0) {
        throw new BackupError('BACKUP_SCHEMA_MISSING', `no tables in schema ${schema}`);
      }
      const migrations = tables.includes(MIGRATIONS_TABLE)
        ? await migrationsOf(client, schema)
        : [];
      const backedUp: TableBackup[] = [];
      for (const table of tables.filter((name) => name !== MIGRATIONS_TABLE)) {
        backedUp.push(await copyTableOut(client, schema, table, options));
      }
      const { rows: sequences } = await client.query<{ name: string; lastValue: string | null }>(
        `SELECT sequencename AS name, last_value::text AS "lastValue"
           FROM pg_sequences WHERE schemaname = $1 ORDER BY sequencename`,
        [schema],
      );
      schemas.push({ schema, migrations, tables: backedUp, sequences });
    }
    await client.query('COMMIT');
    const keys = options.keys === undefined ? [] : copyKeysOut(options.keys, options.out);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      serverVersion,
      schemas,
      keys,
    };
    writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    return manifest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function copyTableOut(
  client: Client,
  schema: string,
  table: string,
  options: BackupOptions,
): Promise<TableBackup> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`,
    [qualified(schema, table)],
  );
  const columns = rows.map((row) => row.name);
  const path = join('tables', schema, `${table}.copy`);
  mkdirSync(join(options.out, 'tables', schema), { recursive: true, mode: 0o700 });
  let copied = 0;
  const tally = new Tally((lines) => {
    copied += lines;
    options.progress?.update(copied);
  });
  const columnList = columns.map(quoteIdentifier).join(', ');
  await pipeline(
    client.query(copyTo(`COPY ${qualified(schema, table)} (${columnList}) TO STDOUT`)),
    tally,
    createWriteStream(join(options.out, path), { mode: 0o600 }),
  );
  return {
    table,
    columns,
    rows: tally.rows,
    path,
    bytes: tally.bytes,
    sha256: tally.hash.digest('hex'),
  };
}

function copyKeysOut(keysDir: string, out: string): BackupFile[] {
  return filesUnder(keysDir).map((file) => {
    const path = join('keys', relative(keysDir, file));
    mkdirSync(dirname(join(out, path)), { recursive: true, mode: 0o700 });
    copyFileSync(file, join(out, path));
    chmodSync(join(out, path), 0o600);
    return { path, bytes: statSync(file).size, sha256: sha256File(file) };
  });
}
