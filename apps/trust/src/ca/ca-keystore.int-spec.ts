// real: PostgreSQL (advisory lock, ca_identity), the pki CA, key files on disk. mock: nothing.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@lienthong/persistence';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { TRUST_ENTITIES, TRUST_MIGRATIONS } from '../trust.entities';
import { openCaKeystore, type CaKeystore } from './ca-keystore';

/** One trust replica's connection pool on the shared schema. */
function replica(schema: TestSchema, name: string): Promise<DataSource> {
  return createDataSource({
    url: testDatabaseUrl(),
    schema: schema.schema,
    entities: TRUST_ENTITIES,
    migrations: TRUST_MIGRATIONS,
    applicationName: `trust-ca-int-spec-${name}`,
    poolMax: 2,
  });
}

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('the bus CA is created once, whatever the number of replicas booting', () => {
  let schema: TestSchema;
  let dir: string;
  let replicas: DataSource[];

  beforeEach(async () => {
    schema = await createTestSchema(testDatabaseUrl());
    dir = await mkdtemp(join(tmpdir(), 'trust-ca-'));
    replicas = [await replica(schema, 'a'), await replica(schema, 'b')];
    await runMigrations(replicas[0]);
  });

  afterEach(async () => {
    await Promise.all(replicas.map((ds) => ds.destroy()));
    await schema.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const registered = async () =>
    replicas[0].query<{ root_thumbprint: string; root_pem: string; issuing_pem: string }[]>(
      'SELECT root_thumbprint, root_pem, issuing_pem FROM ca_identity',
    );
  const summary = (keystore: CaKeystore) => ({
    root: keystore.root.certificate.pem,
    issuing: keystore.issuing.certificate.pem,
    central: keystore.centralCertificate.pem,
  });

  it('two replicas booting together on an empty schema and data folder end with one CA', async () => {
    const data = join(dir, 'shared');
    const [a, b] = await Promise.all(replicas.map((ds) => openCaKeystore(ds, data, 'LT-TEST')));
    expect(summary(b)).toEqual(summary(a));
    // what the files hold and what the database registered is that same CA
    expect(await readFile(join(data, 'root-ca.pem'), 'utf8')).toBe(a.root.certificate.pem);
    expect(await registered()).toEqual([
      {
        root_thumbprint: a.root.certificate.thumbprint,
        root_pem: a.root.certificate.pem,
        issuing_pem: a.issuing.certificate.pem,
      },
    ]);
    // and a later boot of either replica loads it again
    const again = await openCaKeystore(replicas[1], data, 'LT-TEST');
    expect(summary(again)).toEqual(summary(a));
  });

  it('a replica without the registered CA in its data folder refuses to start and creates nothing', async () => {
    const first = await openCaKeystore(replicas[0], join(dir, 'one'), 'LT-TEST');
    const empty = join(dir, 'two');
    expect(await codeOf(openCaKeystore(replicas[1], empty, 'LT-TEST'))).toBe(
      'TRUST_CA_KEYS_MISSING',
    );
    expect(await readdir(empty)).toEqual([]);
    expect((await registered()).map((row) => row.root_thumbprint)).toEqual([
      first.root.certificate.thumbprint,
    ]);
  });

  it('a data folder holding another CA is refused, not registered', async () => {
    const other = await createTestSchema(testDatabaseUrl());
    const elsewhere = await replica(other, 'other');
    try {
      await runMigrations(elsewhere);
      // a CA created against another database, then pointed at this one by mistake
      await openCaKeystore(elsewhere, join(dir, 'foreign'), 'LT-OTHER');
    } finally {
      await elsewhere.destroy();
      await other.drop();
    }
    const ours = await openCaKeystore(replicas[0], join(dir, 'ours'), 'LT-TEST');
    expect(await codeOf(openCaKeystore(replicas[1], join(dir, 'foreign'), 'LT-TEST'))).toBe(
      'TRUST_CA_MISMATCH',
    );
    expect((await registered()).map((row) => row.root_thumbprint)).toEqual([
      ours.root.certificate.thumbprint,
    ]);
  });
});
