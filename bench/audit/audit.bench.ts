// Audit log benchmark: `npm run bench:audit [-- --records=N --appends=N --batch=N --proofs=N]`.
// Prints one JSON object on stdout and a short table on stderr. Each figure comes with the
// matching ceiling measured in the same run (raw batched INSERT, one PK SELECT, raw SHA-256),
// because the machines are shared and only ratios are comparable between runs.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { createDatabase, startPostgres } from '@lienthong/devstack';
import { createDataSource, dropSchema, runMigrations } from '@lienthong/persistence';

import {
  AUDIT_LOG_ENTITIES,
  AUDIT_LOG_MIGRATIONS,
} from '../../apps/audit/src/log/audit-log.entities';

import { AuditLogStore } from '../../apps/audit/src/log/audit-log.store';
import { benchPki } from './audit-bench.fixtures';
import { measureAppends, measureProofs, measureVerify } from './audit-bench.measure';

interface Options {
  records: number;
  appends: number;
  batch: number;
  proofs: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { records: 1_000_000, appends: 20_000, batch: 500, proofs: 500 };
  for (const arg of argv) {
    const match = /^--(records|appends|batch|proofs)=(\d+)$/.exec(arg);
    if (!match) {
      throw new Error(`unknown argument ${arg}; use --records=N --appends=N --batch=N --proofs=N`);
    }
    options[match[1] as keyof Options] = Number(match[2]);
  }
  return options;
}

/** BENCH_DATABASE_URL when given, otherwise an embedded PostgreSQL in a temp dir (fsync on). */
async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env['BENCH_DATABASE_URL'];
  if (given) {
    return { url: given, stop: () => Promise.resolve() };
  }
  const root = mkdtempSync(join(tmpdir(), 'lienthong-bench-audit-'));
  chmodSync(root, 0o755);
  const postgres = await startPostgres({ dataDir: join(root, 'pg'), persistent: false });
  return {
    url: await createDatabase(postgres.url, 'bench_audit'),
    stop: async () => {
      await postgres.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function withStore<T>(
  url: string,
  work: (store: AuditLogStore, ds: DataSource) => Promise<T>,
) {
  const schema = `bench_audit_${Date.now().toString(36)}`;
  const dataSource = await createDataSource({
    url,
    schema,
    entities: AUDIT_LOG_ENTITIES,
    migrations: AUDIT_LOG_MIGRATIONS,
    applicationName: 'bench-audit',
    poolMax: 2,
  });
  try {
    await runMigrations(dataSource);
    return await work(new AuditLogStore(dataSource, { origin: 'bench/audit/log' }), dataSource);
  } finally {
    await dropSchema(dataSource, schema);
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const pki = await benchPki();
  const db = await database();
  try {
    const { append, proof } = await withStore(db.url, async (store, ds) => ({
      append: await measureAppends(store, ds, { records: options.appends, batch: options.batch }),
      proof: await measureProofs(store, ds, options.proofs),
    }));
    const verify = await measureVerify(pki, options.records);
    const result = {
      bench: 'audit',
      node: process.version,
      options,
      append,
      inclusionProof: proof,
      verify,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(
      [
        `appends      ${append.perSecond} rec/s   raw INSERT ${append.rawInsertPerSecond} rec/s   ratio ${append.ratio}   (target >= 5000 rec/s)`,
        `proof        p50 ${proof.p50Ms} ms  p99 ${proof.p99Ms} ms   PK SELECT p50 ${proof.pkSelectP50Ms} ms   (target p99 <= 10 ms)`,
        `verifyLog    ${verify.records} rec in ${verify.seconds} s   raw SHA-256 ${verify.rawLeafHashSeconds} s   ratio ${verify.ratio}   (target 1M <= 60 s)`,
        '',
      ].join('\n'),
    );
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:audit failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
