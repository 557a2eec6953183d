import { readFileSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import {
  createTestSchema,
  testDatabaseUrl,
  testNatsConnection,
  type TestSchema,
} from '@lienthong/testing';

// real: the run's nats-server and PostgreSQL from globalSetup; mock: nothing.
describe('the servers of a test run', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await createTestSchema(testDatabaseUrl());
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('gives every test file a schema that unqualified names land in, and drops it', async () => {
    const client = new Client({ connectionString: schema.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE note (body text)');
      await client.query("INSERT INTO note VALUES ('xin chào')");
      const found = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1',
        [schema.schema],
      );
      expect(found.rows).toEqual([{ n: '1' }]);
    } finally {
      await client.end();
    }
    const other = await createTestSchema(testDatabaseUrl());
    await other.drop();
    const gone = new Client({ connectionString: testDatabaseUrl() });
    await gone.connect();
    try {
      const rows = await gone.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
        other.schema,
      ]);
      expect(rows.rowCount).toBe(0);
    } finally {
      await gone.end();
    }
  });

  it('has a NATS server with JetStream', async () => {
    const { servers, tls } = testNatsConnection();
    const nc = await (connect({
      servers,
      ...(tls ? { tls: { ca: readFileSync(tls.caFile, 'utf8') } } : {}),
    }) as Promise<NatsConnection>);
    try {
      const info = await nc.request('$JS.API.INFO', undefined, { timeout: 2_000 });
      expect(info.json<{ type: string }>().type).toBe(
        'io.nats.jetstream.api.v1.account_info_response',
      );
    } finally {
      await nc.close();
    }
  });
});
