import { Client } from 'pg';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { SqlBackendService } from './backend-service';
import { compileMapping } from './mapping';
import { SqlBackend } from './sql-backend';

// Real: PostgreSQL (the test database), a schema of this file's own standing for the agency's tables.

describe('a service answered by a read-only query of the agency database', () => {
  let schema: TestSchema;
  let backend: SqlBackend;

  async function sql(text: string): Promise<void> {
    const client = new Client({ connectionString: schema.url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    schema = await createTestSchema(testDatabaseUrl());
    await sql(`
      CREATE TABLE ho_so (so_dinh_danh text PRIMARY KEY, ho_ten text, ngay_cap date, ty_le int);
      INSERT INTO ho_so VALUES ('001058012345', 'Trần Văn Bình', '1989-07-27', 41),
                               ('001058012346', 'Lê Thị Hoa', '1990-01-02', 61),
                               ('001058012346x', 'dup', NULL, NULL);
      CREATE TABLE dem (n int); INSERT INTO dem VALUES (0);`);
    backend = new SqlBackend({ name: 'db', url: schema.url, timeoutMs: 500, maxConnections: 2 });
  });

  afterAll(async () => {
    await backend.close();
    await schema.drop();
  });

  const mapping = compileMapping(
    'record',
    "{ 'personalId': so_dinh_danh, 'fullName': ho_ten, 'certificateIssuedOn': ngay_cap, 'injuryRate': ty_le }",
  );

  function service(text: string, parameters = ['personalId']): SqlBackendService {
    return new SqlBackendService('merit-status-by-person', backend, text, parameters, mapping);
  }

  it('binds the request field as a parameter and maps the row (dates stay as PostgreSQL wrote them)', async () => {
    await expect(
      service('SELECT * FROM ho_so WHERE so_dinh_danh = $1').answer({ personalId: '001058012345' }),
    ).resolves.toEqual({
      status: 'FOUND',
      record: {
        personalId: '001058012345',
        fullName: 'Trần Văn Bình',
        certificateIssuedOn: '1989-07-27',
        injuryRate: 41,
      },
    });
  });

  it('answers NOT_FOUND when no row matches', async () => {
    await expect(
      service('SELECT * FROM ho_so WHERE so_dinh_danh = $1').answer({ personalId: '009999999999' }),
    ).resolves.toEqual({ status: 'NOT_FOUND' });
  });

  it('treats an injection attempt as a value, never as SQL', async () => {
    await expect(
      service('SELECT * FROM ho_so WHERE so_dinh_danh = $1').answer({
        personalId: "x' OR '1'='1",
      }),
    ).resolves.toEqual({ status: 'NOT_FOUND' });
  });

  it('refuses more than one row', async () => {
    await expect(
      service("SELECT * FROM ho_so WHERE so_dinh_danh LIKE $1 || '%'").answer({
        personalId: '001058012346',
      }),
    ).rejects.toMatchObject({ code: 'PROVIDER_ANSWER_INVALID' });
  });

  it('cannot write: the transaction is read only and rolled back', async () => {
    await expect(
      service('WITH d AS (UPDATE dem SET n = n + 1 RETURNING n) SELECT * FROM d', []).answer({}),
    ).rejects.toMatchObject({ code: 'PROVIDER_ANSWER_INVALID' });
    await expect(
      service(
        "SELECT set_config('default_transaction_read_only', 'off', false) AS so_dinh_danh",
        [],
      ).answer({}),
    ).resolves.toMatchObject({ status: 'FOUND' });
    // the setting was rolled back with its transaction: the next write is still refused
    await expect(
      service('WITH d AS (UPDATE dem SET n = n + 1 RETURNING n) SELECT * FROM d', []).answer({}),
    ).rejects.toMatchObject({ code: 'PROVIDER_ANSWER_INVALID' });
  });

  it('runs one statement only (a second one is refused by the extended protocol)', async () => {
    await expect(
      service('SELECT * FROM ho_so WHERE so_dinh_danh = $1; DELETE FROM ho_so').answer({
        personalId: '001058012345',
      }),
    ).rejects.toMatchObject({ code: 'PROVIDER_ANSWER_INVALID' });
  });

  it('cuts a slow query at the statement timeout, as unavailable (retryable)', async () => {
    await expect(
      service('SELECT pg_sleep(5) AS so_dinh_danh', []).answer({}),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
  });
});
