import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readEnv } from '@lienthong/config';
import { startProgress } from '../shared/progress';
import { backupDatabase } from './backup';
import { restoreDatabase } from './restore';

/** The database of `--database-url`, else DATABASE_URL, else the one the last `npm start` ran. */
function databaseUrlOf(option: string | undefined, dataDir: string): string {
  const stack = join(dataDir, 'stack.json');
  const recorded = existsSync(stack)
    ? (JSON.parse(readFileSync(stack, 'utf8')) as { databaseUrl?: string }).databaseUrl
    : undefined;
  const url = option ?? readEnv('DATABASE_URL') ?? recorded;
  if (url === undefined) {
    throw new InvalidArgumentError('--database-url or DATABASE_URL is required');
  }
  return url;
}

/** `lt backup` (ADR 0023): app schemas and a key folder into a new directory; JSON on stdout. */
export function backupCommand(dataDir: () => string, print: (value: unknown) => void): Command {
  return new Command('backup')
    .description(
      'back up app schemas (one consistent snapshot, trust and audit by default) and a key folder into a new directory',
    )
    .requiredOption('--out <dir>', 'a new or empty directory')
    .option('--schema <names...>', 'schemas to back up', ['trust', 'audit'])
    .option('--keys <dir>', 'a folder of key material to include (e.g. the trust data folder)')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL, else the local stack)')
    .action(
      async (options: { out: string; schema: string[]; keys?: string; databaseUrl?: string }) => {
        const progress = startProgress({ label: 'backup', total: 0, unit: 'rows' });
        const manifest = await backupDatabase({
          databaseUrl: databaseUrlOf(options.databaseUrl, dataDir()),
          schemas: options.schema,
          out: resolve(options.out),
          ...(options.keys === undefined ? {} : { keys: resolve(options.keys) }),
          progress,
        }).finally(() => progress.finish());
        print({
          out: resolve(options.out),
          schemas: manifest.schemas.map((s) => ({
            schema: s.schema,
            tables: s.tables.length,
            rows: s.tables.reduce((sum, t) => sum + t.rows, 0),
          })),
          keys: manifest.keys.length,
        });
      },
    );
}

/** `lt restore` (ADR 0023): a backup into the schemas its services created; JSON on stdout. */
export function restoreCommand(dataDir: () => string, print: (value: unknown) => void): Command {
  return new Command('restore')
    .description(
      'restore a backup into schemas its services created on an empty database (each schema in one transaction)',
    )
    .argument('<dir>', 'a directory written by lt backup')
    .option('--into <mapping...>', 'restore a schema under another name: from=to')
    .option('--replace', 'replace the rows the target schemas hold (otherwise they must be empty)')
    .option('--keys-to <dir>', 'write the backup’s key files back into this folder')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL, else the local stack)')
    .action(
      async (
        dir: string,
        options: { into?: string[]; replace?: boolean; keysTo?: string; databaseUrl?: string },
      ) => {
        const schemaMap = Object.fromEntries(
          (options.into ?? []).map((mapping) => {
            const [from, to] = mapping.split('=');
            if (!from || !to) {
              throw new InvalidArgumentError(`not a from=to mapping: ${mapping}`);
            }
            return [from, to];
          }),
        );
        const progress = startProgress({ label: 'restore', total: 0, unit: 'rows' });
        print(
          await restoreDatabase({
            databaseUrl: databaseUrlOf(options.databaseUrl, dataDir()),
            from: resolve(dir),
            schemaMap,
            replace: options.replace === true,
            ...(options.keysTo === undefined ? {} : { keysTo: resolve(options.keysTo) }),
            progress,
          }).finally(() => progress.finish()),
        );
      },
    );
}
