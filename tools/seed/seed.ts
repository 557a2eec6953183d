import { Client } from 'pg';
import { createDataSource, quoteIdentifier, runMigrations } from '@lienthong/persistence';

import {
  BUSINESS_REGISTRY_ENTITIES,
  BUSINESS_REGISTRY_MIGRATIONS,
} from '../../apps/business-registry/src/registry/enterprise-registry';

import {
  CIVIL_STATUS_ENTITIES,
  CIVIL_STATUS_MIGRATIONS,
} from '../../apps/civil-status/src/registry/civil-status-registry';

import {
  INSURANCE_ENTITIES,
  INSURANCE_MIGRATIONS,
} from '../../apps/insurance/src/registry/insurance-registry';

import {
  POPULATION_ENTITIES,
  POPULATION_MIGRATIONS,
} from '../../apps/population/src/registry/population-registry';
import { DEFAULT_AS_OF, RegistryGenerator, type SeedSamples } from './generator';
import { SeedError } from './seed.errors';
import { type RegistryName, SEED_TABLES, type SeedBatch, type SeedTableName } from './seed-tables';

/** Schema of each registry; defaults to the apps' own schemas. */
export type RegistrySchemas = Readonly<Record<RegistryName, string>>;

/** The apps' default schemas (docs/architecture.md: one schema per app). */
export const DEFAULT_REGISTRY_SCHEMAS: RegistrySchemas = Object.freeze({
  population: 'population',
  businessRegistry: 'business_registry',
  civilStatus: 'civil_status',
  insurance: 'insurance',
});

/** What to seed and where. */
export interface SeedOptions {
  readonly databaseUrl: string;
  readonly citizens: number;
  readonly seed: string | number;
  /** Citizens per insert batch; defaults to 5,000. */
  readonly batchSize?: number;
  /** The "today" of the data; defaults to {@link DEFAULT_AS_OF}. */
  readonly asOf?: string;
  /** Target schemas; tests pass schemas of their own. */
  readonly schemas?: Partial<RegistrySchemas>;
  /** Told the number of citizens stored so far, after each batch (for a progress display). */
  readonly onProgress?: (citizensStored: number) => void;
}

/** What a seed run did (or found already done). */
export interface SeedSummary {
  readonly seed: string;
  readonly citizens: number;
  readonly asOf: string;
  /** True when the registries already held this very seed and nothing was written. */
  readonly skipped: boolean;
  /** SHA-256 of the generated rows, equal for equal options. */
  readonly digest: string;
  readonly counts: Readonly<Record<SeedTableName, number>>;
  readonly samples: SeedSamples;
  readonly durationMs: number;
}

const REGISTRIES = {
  population: { entities: POPULATION_ENTITIES, migrations: POPULATION_MIGRATIONS },
  businessRegistry: {
    entities: BUSINESS_REGISTRY_ENTITIES,
    migrations: BUSINESS_REGISTRY_MIGRATIONS,
  },
  civilStatus: { entities: CIVIL_STATUS_ENTITIES, migrations: CIVIL_STATUS_MIGRATIONS },
  insurance: { entities: INSURANCE_ENTITIES, migrations: INSURANCE_MIGRATIONS },
} as const;

/**
 * Migrates the four registry schemas, then fills them with synthetic data from the seed in one
 * transaction, using batched `unnest` inserts. Idempotent: a second run with the same seed, size
 * and date returns the recorded summary; a run with other options, or into registries holding
 * data no seed run wrote, is refused rather than mixing data sets.
 */
export async function seedRegistries(options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  validate(options);
  const schemas = { ...DEFAULT_REGISTRY_SCHEMAS, ...options.schemas };
  await migrateAll(options.databaseUrl, schemas);
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'lt-seed' });
  await client.connect();
  try {
    await client.query('BEGIN');
    const previous = await checkTarget(client, schemas.population, options);
    if (previous) {
      await client.query('ROLLBACK');
      return { ...previous, skipped: true, durationMs: Date.now() - started };
    }
    const generator = new RegistryGenerator(options);
    let stored: Promise<unknown> = Promise.resolve();
    let citizensStored = 0;
    for (const batch of generator.batches()) {
      // Generating the next batch (JavaScript) overlaps with storing this one (PostgreSQL).
      await stored;
      const citizensInBatch = batch.citizens.length;
      stored = insertBatch(client, schemas, batch).then(() => {
        citizensStored += citizensInBatch;
        options.onProgress?.(citizensStored);
      });
      // A failure is awaited on the next turn; mark it handled while the next batch is built.
      stored.catch(() => undefined);
    }
    await stored;
    const summary: SeedSummary = {
      seed: String(options.seed),
      citizens: options.citizens,
      asOf: generator.asOf,
      skipped: false,
      digest: generator.digest(),
      counts: { ...generator.counts },
      samples: generator.samples,
      durationMs: 0,
    };
    await recordRun(client, schemas.population, summary);
    await client.query('COMMIT');
    await analyze(client, schemas);
    return { ...summary, durationMs: Date.now() - started };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

function validate(options: SeedOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.citizens) || options.citizens < 1) {
    problems.push('citizens must be a positive integer');
  }
  if (
    options.batchSize !== undefined &&
    (!Number.isInteger(options.batchSize) || options.batchSize < 1)
  ) {
    problems.push('batchSize must be a positive integer');
  }
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
    problems.push('asOf must be a date YYYY-MM-DD');
  }
  if (problems.length > 0) {
    throw new SeedError('SEED_OPTIONS_INVALID', problems.join('; '), { details: { problems } });
  }
}

async function migrateAll(url: string, schemas: RegistrySchemas): Promise<void> {
  for (const name of Object.keys(REGISTRIES) as RegistryName[]) {
    const registry = REGISTRIES[name];
    const dataSource = await createDataSource({
      url,
      schema: schemas[name],
      entities: registry.entities,
      migrations: registry.migrations,
      applicationName: 'lt-seed',
      poolMax: 1,
    });
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
}

/**
 * Returns the recorded summary when the same seed already ran; throws when the registries hold
 * anything else. Holds a transaction-scoped advisory lock so that two seeders never interleave.
 */
async function checkTarget(
  client: Client,
  schema: string,
  options: SeedOptions,
): Promise<SeedSummary | undefined> {
  const s = quoteIdentifier(schema);
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lt-seed:${schema}`]);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${s}.seed_runs (
       seed text NOT NULL, citizens integer NOT NULL, as_of date NOT NULL,
       summary jsonb NOT NULL, completed_at timestamptz NOT NULL DEFAULT now())`,
  );
  const runs = await client.query<{ summary: SeedSummary }>(`SELECT summary FROM ${s}.seed_runs`);
  const wanted = {
    seed: String(options.seed),
    citizens: options.citizens,
    asOf: options.asOf ?? DEFAULT_AS_OF,
  };
  const [run] = runs.rows;
  if (run) {
    const { seed, citizens, asOf } = run.summary;
    if (seed === wanted.seed && citizens === wanted.citizens && asOf === wanted.asOf) {
      return run.summary;
    }
    throw new SeedError(
      'SEED_MIXING_REFUSED',
      `registries hold seed ${seed} (${citizens} citizens, ${asOf})`,
      {
        details: { existing: { seed, citizens, asOf }, requested: wanted },
      },
    );
  }
  const existing = await client.query(`SELECT 1 FROM ${s}.citizens LIMIT 1`);
  if (existing.rowCount) {
    throw new SeedError('SEED_TARGET_NOT_EMPTY', `schema ${schema} already holds citizens`);
  }
  return undefined;
}

/**
 * Stores one batch in a single statement: one data-modifying CTE per table, each an `unnest`
 * insert taking one array per column. One round trip per batch lets the caller build the next
 * batch meanwhile, and the statement stays clear of the 65,535-parameter limit whatever the
 * batch size. The seeded tables have no foreign keys between them, so the order is free.
 */
function insertBatch(client: Client, schemas: RegistrySchemas, batch: SeedBatch): Promise<unknown> {
  const inserts: string[] = [];
  const values: unknown[][] = [];
  for (const name of Object.keys(SEED_TABLES) as SeedTableName[]) {
    const rows = batch[name];
    if (rows.length === 0) {
      continue;
    }
    const spec = SEED_TABLES[name];
    const columns = spec.columns.map(([column]) => column);
    const arrays = spec.columns.map(([, type]) => {
      values.push([]);
      return `$${values.length}::${type}[]`;
    });
    const first = values.length - columns.length;
    for (const row of rows) {
      columns.forEach((column, i) => values[first + i]?.push(row[column] ?? null));
    }
    inserts.push(
      `${name} AS (INSERT INTO ${quoteIdentifier(schemas[spec.registry])}.${spec.table} (${columns.join(', ')})
       SELECT * FROM unnest(${arrays.join(', ')}))`,
    );
  }
  return inserts.length === 0
    ? Promise.resolve()
    : client.query(`WITH ${inserts.join(',\n')} SELECT 1`, values);
}

async function recordRun(client: Client, schema: string, summary: SeedSummary): Promise<void> {
  await client.query(
    `INSERT INTO ${quoteIdentifier(schema)}.seed_runs (seed, citizens, as_of, summary) VALUES ($1, $2, $3, $4)`,
    [summary.seed, summary.citizens, summary.asOf, JSON.stringify(summary)],
  );
}

async function analyze(client: Client, schemas: RegistrySchemas): Promise<void> {
  for (const spec of Object.values(SEED_TABLES)) {
    await client.query(`ANALYZE ${quoteIdentifier(schemas[spec.registry])}.${spec.table}`);
  }
}
