// real: PostgreSQL (TEST_DATABASE_URL), the pg driver, TypeORM's pool. mock: nothing.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  QueryRunnerProviderAlreadyReleasedError,
  type DataSource,
  type EntityManager,
} from 'typeorm';
import {
  PersistenceError,
  createDataSource,
  dropSchema,
  inTransaction,
} from '@lienthong/persistence';
import { eventually } from '@lienthong/testing';

const url = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `connloss_${randomBytes(4).toString('hex')}`;

describe('inTransaction when the database drops the connection', () => {
  let dataSource: DataSource;
  let admin: Client;

  beforeAll(async () => {
    dataSource = await createDataSource({
      url,
      schema,
      entities: [],
      migrations: [],
      applicationName: 'connection-loss-int-spec',
    });
    admin = new Client({ connectionString: url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await dropSchema(dataSource, schema);
    await dataSource.destroy();
  });

  it('reports a connection the server closed mid-transaction as retryable PERSISTENCE_UNAVAILABLE', async () => {
    const error: unknown = await inTransaction(dataSource, async (manager) => {
      const [row] = await manager.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
      // what a server shutdown does to every session: terminated between two statements
      await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
      // TypeORM gives the connection up as soon as the driver reports its loss
      await eventually(() => {
        if (manager.queryRunner?.isReleased !== true) {
          throw new Error('the terminated connection is still in use');
        }
      });
      await manager.query('SELECT 1');
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PersistenceError);
    expect((error as PersistenceError).code).toBe('PERSISTENCE_UNAVAILABLE');
    expect((error as PersistenceError).retryable).toBe(true);
    expect((error as PersistenceError).cause).toBeInstanceOf(
      QueryRunnerProviderAlreadyReleasedError,
    );
    // the pool dropped the dead connection: the next transaction gets a live one
    expect(await inTransaction(dataSource, (manager) => manager.query('SELECT 1 AS one'))).toEqual([
      { one: 1 },
    ]);
  });

  it('leaves a manager used after its own transaction ended as the bug it is', async () => {
    let stale: EntityManager | undefined;
    await inTransaction(dataSource, (manager) => {
      stale = manager;
      return Promise.resolve();
    });
    const error: unknown = await inTransaction(dataSource, async () => {
      await (stale as EntityManager).query('SELECT 1');
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(QueryRunnerProviderAlreadyReleasedError);
    expect(error).not.toBeInstanceOf(PersistenceError);
  });
});
