// real: PostgreSQL, nats-server (JetStream KV), two whole trust service instances (Nest apps, each
// with its own connection pool, NATS connection and configuration publisher) booting at once on
// one empty schema and one empty, shared data folder. mock: nothing.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair as generateJoseKeyPair } from 'jose';
import request from 'supertest';
import { createDataSource, dropSchema } from '@lienthong/persistence';
import { testDatabaseUrl, testNamespace, testNatsEnv, uniqueSuffix } from '@lienthong/testing';
import { CONFIG_KV } from '../trust-bus.module';
import { createTrustApp } from '../trust.app';
import { loadTrustConfig } from '../trust.config';

type KvLike = { destroy(): Promise<boolean> };

describe('two trust replicas booting together on an empty data folder', () => {
  const schema = `trust_${uniqueSuffix()}`;
  const namespace = testNamespace();
  let dir: string;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trust-replicas-'));
    const { publicKey } = await generateJoseKeyPair('ES256');
    const jwksFile = join(dir, 'operators.jwks.json');
    await writeFile(
      jwksFile,
      JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'op-1', alg: 'ES256' }] }),
    );
    const config = loadTrustConfig({
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      ...testNatsEnv(),
      TRUST_DATA_DIR: join(dir, 'ca'),
      TRUST_HTTP_PORT: '0',
      BUS_SUBJECT_ROOT: namespace.subjectRoot,
      BUS_STREAM_PREFIX: namespace.streamPrefix,
      CONFIG_PUBLISH_INTERVAL_SECONDS: '3600',
      OPERATOR_JWKS_FILE: jwksFile,
    });
    apps.push(...(await Promise.all([createTrustApp(config), createTrustApp(config)])));
  });

  afterAll(async () => {
    await apps[0]?.get<KvLike>(CONFIG_KV).destroy();
    await Promise.all(apps.map((app) => app.close()));
    const ds = await createDataSource({
      url: testDatabaseUrl(),
      schema,
      entities: [],
      migrations: [],
      applicationName: 'trust-replicas-int-spec-cleanup',
    });
    await dropSchema(ds, schema);
    await ds.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('one creates the bus CA, the other uses it: both serve the same root, one CA on disk and in the database', async () => {
    const served = await Promise.all(
      apps.map(async (app) => (await request(app.getHttpServer() as Server).get('/v1/ca')).body),
    );
    expect(served[0]).toMatchObject({ root: expect.stringMatching(/^-----BEGIN CERTIFICATE/) });
    expect(served[1]).toEqual(served[0]);
    expect((await readdir(join(dir, 'ca'))).filter((f) => f.endsWith('.pem')).sort()).toEqual([
      'central.pem',
      'issuing-ca.pem',
      'root-ca.pem',
    ]);
    const ds = await createDataSource({
      url: testDatabaseUrl(),
      schema,
      entities: [],
      migrations: [],
      applicationName: 'trust-replicas-int-spec',
    });
    try {
      const rows = await ds.query<{ root_pem: string }[]>('SELECT root_pem FROM ca_identity');
      expect(rows).toEqual([{ root_pem: (served[0] as { root: string }).root }]);
    } finally {
      await ds.destroy();
    }
  });
});
