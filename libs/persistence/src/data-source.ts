import { DataSource, MigrationExecutor, type EntitySchema, type MigrationInterface } from 'typeorm';
import { mapPersistenceError } from './pg-errors';
import { PersistenceError } from './persistence.errors';

/** Constructor of an entity or migration class, as TypeORM accepts them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own list type is `Function`
type ClassOf<T> = new (...args: any[]) => T;

/** Everything an app states to get its DataSource; one schema per app (docs/architecture.md). */
export interface DataSourceConfig {
  /** `postgres://user:pass@host:port/db`. */
  readonly url: string;
  /** The app's own schema; created when missing. Tests pass a random one to isolate themselves. */
  readonly schema: string;
  readonly entities: readonly (ClassOf<object> | EntitySchema)[];
  readonly migrations: readonly ClassOf<MigrationInterface>[];
  /** Upper bound of pooled connections; defaults to 10 (pg's own default). */
  readonly poolMax?: number;
  /** Shown in `pg_stat_activity`, so a DBA sees which app holds a connection. */
  readonly applicationName: string;
  /** Milliseconds to wait for a connection before failing as PERSISTENCE_UNAVAILABLE. */
  readonly connectTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a PostgreSQL identifier (doubling embedded quotes), for DDL that cannot take parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new PersistenceError(
      'PERSISTENCE_SCHEMA_INVALID',
      `schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME.source}`,
    );
  }
}

/**
 * Creates and initializes a PostgreSQL DataSource for one app schema, then creates the schema
 * if it does not exist. Never synchronizes and never runs migrations by itself: an app runs
 * `runMigrations` explicitly at boot, so schema changes are always reviewed migration files.
 *
 * Connection failures surface as a retryable PERSISTENCE_UNAVAILABLE error, on every path: a
 * read outside a transaction as much as a transaction's commit (see {@link guardQueryRunners}).
 */
export async function createDataSource(config: DataSourceConfig): Promise<DataSource> {
  assertSchemaName(config.schema);
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    entities: [...config.entities],
    migrations: [...config.migrations],
    synchronize: false,
    migrationsRun: false,
    applicationName: config.applicationName,
    poolSize: config.poolMax ?? 10,
    connectTimeoutMS: config.connectTimeoutMs ?? 5_000,
    // Hand-written migrations use unqualified names; the search_path puts them in the app schema,
    // which is what lets each test file run the same migrations in a schema of its own. Every
    // session starts at READ COMMITTED whatever the server's default, so a READ COMMITTED
    // transaction needs no SET TRANSACTION round trip after its BEGIN (transaction-runner.ts).
    extra: {
      options: `-c search_path=${config.schema},public -c default_transaction_isolation=read\\ committed`,
    },
  });
  guardQueryRunners(dataSource);
  try {
    await dataSource.initialize();
    // CREATE SCHEMA IF NOT EXISTS is not safe against itself: two replicas that start together
    // can both pass the check and the second fails on the catalogue's unique index. They take
    // the migrations' lock (see runMigrations) for the length of this one statement.
    await dataSource
      .transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          migrationLockName(config.schema),
        ]);
        await manager.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(config.schema)}`);
      })
      .catch(schemaCreatedMeanwhile);
  } catch (error) {
    if (dataSource.isInitialized) {
      await dataSource.destroy();
    }
    throw mapPersistenceError(error);
  }
  return dataSource;
}

/**
 * Runs the pending migrations, each in its own transaction so that a failing one leaves the
 * earlier ones applied and itself rolled back. Returns the names of the migrations applied.
 * Replicas of an app that start together take turns: TypeORM takes no lock, so two of them
 * would both see a migration pending and the second would fail on what the first created. The
 * migrations run on one connection holding a session advisory lock named after the schema.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema;
  const lockName = migrationLockName(schema ?? 'public');
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName]);
    try {
      if (schema !== undefined) {
        await queryRunner
          .query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`)
          .catch(schemaCreatedMeanwhile);
      }
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
    }
  } catch (error) {
    throw mapPersistenceError(error);
  } finally {
    await queryRunner.release();
  }
}

/**
 * A CREATE SCHEMA IF NOT EXISTS that lost a race with another session creating the same schema
 * (seen with two replicas starting at once, despite the lock) fails on the catalogue's unique
 * index: the schema exists, which is all the statement was for. Anything else is rethrown.
 */
function schemaCreatedMeanwhile(error: unknown): void {
  const driverError = (error as { driverError?: unknown }).driverError ?? error;
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  if (code !== '23505' || constraint !== 'pg_namespace_nspname_index') {
    throw error;
  }
}

/** The advisory lock under which an app schema is created and migrated. */
function migrationLockName(schema: string): string {
  return `lienthong:migrations:${schema}`;
}

/** Drops an app schema with everything in it; meant for test cleanup. */
export async function dropSchema(dataSource: DataSource, schema: string): Promise<void> {
  assertSchemaName(schema);
  await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
}

/** The QueryRunner methods that talk to the server (or take a connection from the pool). */
const GUARDED_METHODS = [
  'connect',
  'query',
  'startTransaction',
  'commitTransaction',
  'rollbackTransaction',
] as const;

/**
 * Every database call of the app goes through a QueryRunner the data source creates (a
 * repository's find, `manager.query`, a transaction): each of them is made to report a lost,
 * refused, starting or shutting-down server as the retryable PERSISTENCE_UNAVAILABLE (HTTP 503),
 * never as the driver's raw error, which the error boundaries would otherwise answer as an opaque
 * INTERNAL_ERROR. Any other error (a constraint violation, a syntax error) is passed on unchanged.
 */
function guardQueryRunners(dataSource: DataSource): void {
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
    const runner = create(...args);
    for (const method of GUARDED_METHODS) {
      const call = (runner[method] as (...a: unknown[]) => Promise<unknown>).bind(runner);
      (runner as unknown as Record<string, unknown>)[method] = async (...a: unknown[]) => {
        try {
          const result = await call(...a);
          if (method === 'connect') {
            handleConnectionErrors(runner);
          }
          return result;
        } catch (error) {
          throw mapPersistenceError(error);
        }
      };
    }
    return runner;
  };
}

/** Connections that already carry the listener below (the pool hands the same one out again). */
const listenedConnections = new WeakSet<object>();

/**
 * The pool listens for errors only on idle connections. One a query runner holds between two
 * statements (a transaction awaiting the bus, say) that the server terminates — a restart, a
 * failover, `pg_terminate_backend` — emits `error` with nobody listening, which ends the process.
 * Listened to here, the loss surfaces where it belongs: the runner's next statement fails and is
 * answered PERSISTENCE_UNAVAILABLE, and the pool drops the broken connection when it is released.
 */
function handleConnectionErrors(runner: object): void {
  const connection = (runner as { databaseConnection?: unknown }).databaseConnection;
  if (
    typeof connection === 'object' &&
    connection !== null &&
    typeof (connection as { on?: unknown }).on === 'function' &&
    !listenedConnections.has(connection)
  ) {
    listenedConnections.add(connection);
    (connection as { on(event: 'error', listener: () => void): void }).on('error', () => undefined);
  }
}
