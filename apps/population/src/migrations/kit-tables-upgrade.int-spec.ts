// real: PostgreSQL (TEST_DATABASE_URL), TypeORM's migration runner, the population registry's
// migrations and the kit's. mock: nothing.
import type { DataSource, MigrationInterface } from 'typeorm';
import { adapterMigrations } from '@lienthong/adapter-kit';
import { createDataSource, runMigrations } from '@lienthong/persistence';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { POPULATION_AGENCY } from '../population.agency';
import { POPULATION_MIGRATIONS } from '../registry/population-registry';
import { CreatePopulationEvents1795500000002 } from './fixtures/main-layout/1795500000002-create-population-events';
import { CreatePopulationDocuments1795600000002 } from './fixtures/main-layout/1795600000002-create-population-documents';
import { CreatePopulationWitness1795800000002 } from './fixtures/main-layout/1795800000002-create-population-witness';
import { CreatePopulationDocumentDeliveries1795900000002 } from './fixtures/main-layout/1795900000002-create-population-document-deliveries';
import { CreatePopulationDocumentStatusSignatures1796000000002 } from './fixtures/main-layout/1796000000002-create-population-document-status-signatures';

type MigrationClass = new () => MigrationInterface;

/** The population adapter's migrations as they were when each adapter created the kit's tables. */
const MAIN_LAYOUT: MigrationClass[] = [
  ...POPULATION_MIGRATIONS,
  CreatePopulationEvents1795500000002,
  CreatePopulationDocuments1795600000002,
  CreatePopulationWitness1795800000002,
  CreatePopulationDocumentDeliveries1795900000002,
  CreatePopulationDocumentStatusSignatures1796000000002,
];

const KIT_MIGRATIONS = [
  'AdapterKitEventTables1795500000000',
  'AdapterKitDocumentTables1795600000000',
  'AdapterKitWitnessTables1795800000000',
  // webhook receivers and deliveries: new tables, nothing of the old layout to take over
  'AdapterKitWebhookTables1797100000000',
];

const KIT_TABLES = [
  'outbox',
  'inbox',
  'document',
  'document_status',
  'document_quarantine',
  'document_delivery',
  'witnessed_checkpoint',
];

const DOC = '0193a1b2-0000-7000-8000-000000000001';

/** One row in each of the kit's tables and one in the registry, as a running adapter leaves them. */
async function fill(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO citizens (personal_id, full_name, family_name, given_name, birth_date,
       birth_date_precision, sex, ethnicity, nationality, birth_registration_commune)
     VALUES ('001085012345', 'Lê Văn Cường', 'Lê', 'Cường', '1985-03-02', 'DAY', 'MALE', 'Kinh', 'VN', '00001')`,
  );
  await db.query(
    `INSERT INTO outbox (event_id, subject, body, signature, headers, sent_at)
     VALUES ('0193a1b2-0000-7000-8000-0000000000a1', 'lt.evt.POP.citizen-created', '\\x7b7d', 'sig', '{"Lt-Signature":"sig"}', now()),
            ('0193a1b2-0000-7000-8000-0000000000a2', 'lt.evt.POP.citizen-created', '\\x7b7d', 'sig', '{}', NULL)`,
  );
  await db.query(
    `INSERT INTO inbox (event_id, publisher, type)
     VALUES ('0193a1b2-0000-7000-8000-0000000000b1', 'CIV', 'birth-registered')`,
  );
  await db.query(
    `INSERT INTO document (id, direction, document_id, business_type, sender_member, sender_organ_id,
       recipients, subject, promulgation_date, metadata, package, package_sha256, availability)
     VALUES ($1, 'outgoing', '000.00.00.G01,12/CV-BCA', 'new', 'POP', '000.00.00.G01',
       '[{"member":"CIV"}]', 'V/v liên thông', '2026-12-01', '{}', '\\x3c65646f632f3e', repeat('a', 64), 'available')`,
    [DOC],
  );
  await db.query(
    `INSERT INTO document_status (document_ref, recipient_member, code, origin, package, message_id, signature)
     VALUES ($1, 'CIV', '01', 'remote', '\\x3c7374617475732f3e', '0193a1b2-0000-7000-8000-0000000000c1', 'jws')`,
    [DOC],
  );
  await db.query(
    `INSERT INTO document_delivery (message_id, document_ref, kind, recipient_member,
       recipient_subsystem, subject, body, headers, expires_at)
     VALUES ('0193a1b2-0000-7000-8000-0000000000d1', $1, 'edoc', 'CIV', 'registry', 'lt.doc.CIV',
       '\\x7b7d', '{}', now() + interval '1 day')`,
    [DOC],
  );
  await db.query(
    `INSERT INTO document_quarantine (id, envelope_verified, reason_code, reason, subject, raw, status_sent)
     VALUES ('0193a1b2-0000-7000-8000-0000000000e1', false, 'EDXML_INVALID', 'not edXML', 'lt.doc.POP', '\\x00', false)`,
  );
  await db.query(
    `INSERT INTO witnessed_checkpoint (origin, tree_size, root_hash, body, alg, kid, signature)
     VALUES ('lienthong.audit', 42, decode(repeat('ab', 32), 'hex'), 'checkpoint', 'ES256', 'kid-1', 'sig')`,
  );
}

/** Every row of every table of the schema but the migration history, as text, in a stable order. */
async function contents(db: DataSource, schema: string): Promise<Record<string, string[]>> {
  const tables = await db.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'migrations' ORDER BY 1`,
    [schema],
  );
  const result: Record<string, string[]> = {};
  for (const { tablename } of tables) {
    const rows = await db.query<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${tablename}" t`,
    );
    result[tablename] = rows.map((r) => r.row).sort();
  }
  return result;
}

/** The shape of the kit's tables: columns, constraints, indexes and triggers, schema name left out. */
async function layout(db: DataSource, schema: string): Promise<Record<string, unknown>> {
  const columns = await db.query<Record<string, unknown>[]>(
    `SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = ANY($2)
      ORDER BY table_name, column_name`,
    [schema, KIT_TABLES],
  );
  const constraints = await db.query<Record<string, unknown>[]>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = $1 ORDER BY 1, 2`,
    [schema],
  );
  const indexes = await db.query<Record<string, unknown>[]>(
    `SELECT tablename, indexname, replace(indexdef, $1 || '.', '') AS def
       FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2) ORDER BY 1, 2`,
    [schema, KIT_TABLES],
  );
  const triggers = await db.query<Record<string, unknown>[]>(
    `SELECT event_object_table, trigger_name, event_manipulation, action_timing
       FROM information_schema.triggers WHERE trigger_schema = $1 ORDER BY 1, 2, 3`,
    [schema],
  );
  return { columns, constraints, indexes, triggers };
}

async function history(db: DataSource): Promise<{ timestamp: string; name: string }[]> {
  return db.query<{ timestamp: string; name: string }[]>(
    `SELECT timestamp::text, name FROM migrations ORDER BY id`,
  );
}

describe("the kit's own table migrations upgrade a schema made with each adapter's", () => {
  const schemas: TestSchema[] = [];
  const open: DataSource[] = [];

  async function dataSource(schema: string, migrations: MigrationClass[]): Promise<DataSource> {
    const db = await createDataSource({
      url: testDatabaseUrl(),
      schema,
      entities: [],
      migrations,
      applicationName: 'kit-tables-upgrade',
    });
    open.push(db);
    return db;
  }

  afterAll(async () => {
    for (const db of open) {
      await db.destroy().catch(() => undefined);
    }
    for (const schema of schemas) {
      await schema.drop();
    }
  });

  it('keeps every row and the history, adds only its own entries, and ends in the fresh layout', async () => {
    const old = await createTestSchema(testDatabaseUrl());
    const fresh = await createTestSchema(testDatabaseUrl());
    schemas.push(old, fresh);

    const before = await dataSource(old.schema, MAIN_LAYOUT);
    expect(await runMigrations(before)).toHaveLength(MAIN_LAYOUT.length);
    await fill(before);
    const rows = await contents(before, old.schema);
    const oldHistory = await history(before);
    expect(oldHistory.map((m) => m.name)).toContain('CreatePopulationEvents1795500000002');
    expect(Object.keys(rows)).toEqual(expect.arrayContaining(KIT_TABLES));
    await before.destroy();

    // the population adapter as it is now: its registry's migrations, and the kit's for its lanes
    const migrations = adapterMigrations(POPULATION_AGENCY);
    expect(migrations.map((m) => m.name)).toEqual([
      'CreatePopulationRegistry1795408515702',
      ...KIT_MIGRATIONS,
    ]);
    const after = await dataSource(old.schema, migrations);
    expect(await runMigrations(after)).toEqual(KIT_MIGRATIONS);
    // every row kept; the webhook tables are new and empty
    expect(await contents(after, old.schema)).toEqual({
      ...rows,
      webhook_delivery: [],
      webhook_endpoint: [],
    });
    const newHistory = await history(after);
    expect(newHistory.slice(0, oldHistory.length)).toEqual(oldHistory);
    expect(newHistory.slice(oldHistory.length).map((m) => m.name)).toEqual(KIT_MIGRATIONS);
    // a second start has nothing left to do
    expect(await runMigrations(after)).toEqual([]);

    // the upgraded tables are the ones a new adapter gets, and still work as before
    const created = await dataSource(fresh.schema, migrations);
    expect(await runMigrations(created)).toEqual([
      'CreatePopulationRegistry1795408515702',
      ...KIT_MIGRATIONS,
    ]);
    expect(await layout(after, old.schema)).toEqual(await layout(created, fresh.schema));
    await expect(after.query(`UPDATE witnessed_checkpoint SET body = 'rewritten'`)).rejects.toThrow(
      /append-only/,
    );
    await after.query(
      `INSERT INTO inbox (event_id, publisher, type)
       VALUES ('0193a1b2-0000-7000-8000-0000000000b2', 'CIV', 'death-registered')`,
    );
    expect(await after.query(`SELECT count(*)::int AS n FROM inbox`)).toEqual([{ n: 2 }]);
  });
});
