import {
  chmodSync,
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdentifier } from '@lienthong/persistence';
import type { Progress } from '../shared/progress';
import {
  BACKUP_FORMAT,
  BackupError,
  MIGRATIONS_TABLE,
  Tally,
  migrationsOf,
  qualified,
  sha256File,
  tablesOf,
  type BackupFile,
  type BackupManifest,
  type SchemaBackup,
  type TableBackup,
} from './backup';

// `lt restore` (ADR 0023, docs/operations.md §7): a backup of tools/cli/backup.ts loaded into the
// schemas its services created, each in one transaction, after every file was checked.

export interface RestoreOptions {
  readonly databaseUrl: string;
  /** The backup directory (holds manifest.json). */
  readonly from: string;
  /** Restore a schema under another name: backup name → target name. */
  readonly schemaMap?: Readonly<Record<string, string>>;
  /** Replace the rows a target schema holds (otherwise it must be empty). */
  readonly replace?: boolean;
  /** Where the key files go back (absent files are written, identical ones kept). */
  readonly keysTo?: string;
  readonly progress?: Progress;
}

export interface RestoreReport {
  readonly schemas: readonly { schema: string; into: string; tables: number; rows: number }[];
  readonly keys: number;
}

/** Reads a backup's manifest after checking every file it lists against its digest. */
export function readBackup(from: string): BackupManifest {
  const manifestPath = join(from, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new BackupError('RESTORE_BACKUP_CORRUPT', `${manifestPath} is missing`);
  }
  const parsed = JSON.parse(readFileSync(manifestPath, 'utf8')) as { format?: unknown };
  if (parsed.format !== BACKUP_FORMAT) {
    throw new BackupError('RESTORE_BACKUP_CORRUPT', 'not a manifest of lt backup');
  }
  const manifest = parsed as BackupManifest;
  const files = [...manifest.schemas.flatMap((s) => s.tables), ...manifest.keys];
  for (const file of files) {
    const path = join(from, file.path);
    if (file.path.split(/[\\/]/).includes('..') || !existsSync(path)) {
      throw new BackupError('RESTORE_BACKUP_CORRUPT', `${file.path} is missing`);
    }
    if (sha256File(path) !== file.sha256) {
      throw new BackupError('RESTORE_BACKUP_CORRUPT', `${file.path} does not match its digest`);
    }
  }
  return manifest;
}

/** Restores every schema of a backup, each in one transaction, and its key files. */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreReport> {
  const manifest = readBackup(options.from);
  // key conflicts are found before any table is touched
  const keyFiles = options.keysTo === undefined ? [] : plannedKeys(manifest, options.keysTo);
  const client = new Client({
    connectionString: options.databaseUrl,
    application_name: 'lt-restore',
  });
  await client.connect();
  const restored: RestoreReport['schemas'][number][] = [];
  try {
    let copied = 0;
    for (const backup of manifest.schemas) {
      const into = options.schemaMap?.[backup.schema] ?? backup.schema;
      await checkTarget(client, backup, into, options.replace === true);
      await client.query('BEGIN');
      try {
        const tables = await loadOrder(client, into, backup.tables);
        const names = tables.map((t) => qualified(into, t.table));
        for (const name of names) {
          await client.query(`ALTER TABLE ${name} DISABLE TRIGGER USER`);
        }
        await client.query(`TRUNCATE ${names.join(', ')}`);
        for (const table of tables) {
          const columnList = table.columns.map(quoteIdentifier).join(', ');
          await pipeline(
            createReadStream(join(options.from, table.path)),
            new Tally((lines) => {
              copied += lines;
              options.progress?.update(copied);
            }),
            client.query(
              copyFrom(`COPY ${qualified(into, table.table)} (${columnList}) FROM STDIN`),
            ),
          );
        }
        for (const name of names) {
          await client.query(`ALTER TABLE ${name} ENABLE TRIGGER USER`);
        }
        for (const sequence of backup.sequences) {
          await client.query(
            sequence.lastValue === null
              ? `SELECT setval($1::regclass, 1, false)`
              : `SELECT setval($1::regclass, $2::bigint, true)`,
            sequence.lastValue === null
              ? [qualified(into, sequence.name)]
              : [qualified(into, sequence.name), sequence.lastValue],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      restored.push({
        schema: backup.schema,
        into,
        tables: backup.tables.length,
        rows: backup.tables.reduce((sum, t) => sum + t.rows, 0),
      });
    }
  } finally {
    await client.end();
  }
  for (const { file, target } of keyFiles) {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(join(options.from, file.path), target);
    chmodSync(target, 0o600);
  }
  return { schemas: restored, keys: keyFiles.length };
}

async function checkTarget(
  client: Client,
  backup: SchemaBackup,
  into: string,
  replace: boolean,
): Promise<void> {
  const tables = await tablesOf(client, into);
  if (tables.length === 0) {
    throw new BackupError('RESTORE_SCHEMA_MISSING', `schema ${into} has no tables`);
  }
  const migrations = tables.includes(MIGRATIONS_TABLE) ? await migrationsOf(client, into) : [];
  const missing = backup.tables.filter((t) => !tables.includes(t.table)).map((t) => t.table);
  if (JSON.stringify(migrations) !== JSON.stringify(backup.migrations) || missing.length > 0) {
    throw new BackupError(
      'RESTORE_VERSION_MISMATCH',
      `schema ${into} ran ${migrations.length} migrations, the backup ${backup.migrations.length}` +
        (missing.length > 0 ? `; tables missing: ${missing.join(', ')}` : ''),
    );
  }
  if (!replace) {
    for (const table of backup.tables) {
      const { rowCount } = await client.query(
        `SELECT 1 FROM ${qualified(into, table.table)} LIMIT 1`,
      );
      if ((rowCount ?? 0) > 0) {
        throw new BackupError(
          'RESTORE_TARGET_NOT_EMPTY',
          `${into}.${table.table} holds rows; restore into an empty schema or pass --replace`,
        );
      }
    }
  }
}

/** The tables in an order where each comes after the tables its foreign keys point to. */
async function loadOrder(
  client: Client,
  schema: string,
  tables: readonly TableBackup[],
): Promise<TableBackup[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = $1 AND c.oid <> p.oid`,
    [schema],
  );
  const ordered: TableBackup[] = [];
  const placed = new Set<string>();
  const visit = (table: TableBackup, path: Set<string>): void => {
    if (placed.has(table.table) || path.has(table.table)) {
      return;
    }
    path.add(table.table);
    for (const edge of rows.filter((row) => row.child === table.table)) {
      const parent = tables.find((t) => t.table === edge.parent);
      if (parent !== undefined) {
        visit(parent, path);
      }
    }
    placed.add(table.table);
    ordered.push(table);
  };
  for (const table of tables) {
    visit(table, new Set());
  }
  return ordered;
}

/** The key files to write back: absent ones (identical ones are kept; a different one refuses). */
function plannedKeys(
  manifest: BackupManifest,
  keysTo: string,
): { file: BackupFile; target: string }[] {
  const planned: { file: BackupFile; target: string }[] = [];
  for (const file of manifest.keys) {
    const target = join(keysTo, relative('keys', file.path));
    if (!target.startsWith(keysTo + sep)) {
      throw new BackupError('RESTORE_BACKUP_CORRUPT', `${file.path} leaves the keys folder`);
    }
    if (!existsSync(target)) {
      planned.push({ file, target });
    } else if (sha256File(target) !== file.sha256) {
      throw new BackupError('RESTORE_KEYS_CONFLICT', `${target} differs from the backup's copy`);
    }
  }
  return planned;
}
