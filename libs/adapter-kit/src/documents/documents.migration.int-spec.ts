// real: PostgreSQL (TEST_DATABASE_URL), TypeORM migrations of the kit's document tables. mock: nothing.
import { randomBytes } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, dropSchema, runMigrations } from '@lienthong/persistence';
import {
  addDocumentStatusSignature,
  createDocumentDeliveryTable,
  createDocumentTables,
  dropDocumentDeliveryTable,
  dropDocumentStatusSignature,
  dropDocumentTables,
} from './documents.migration';

const url = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The document tables as the first release created them: no delivery table yet. */
class CreateOldDocuments1795600000900 implements MigrationInterface {
  readonly name = 'CreateOldDocuments1795600000900';
  async up(queryRunner: QueryRunner): Promise<void> {
    await createDocumentTables(queryRunner);
    await queryRunner.query(`DROP TABLE document_delivery`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await dropDocumentTables(queryRunner);
  }
}

class CreateDocuments1795600000901 implements MigrationInterface {
  readonly name = 'CreateDocuments1795600000901';
  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentTables(queryRunner);
  }
  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentTables(queryRunner);
  }
}

/** What each app adds after its document migration. */
class CreateDocumentDeliveries1795900000900 implements MigrationInterface {
  readonly name = 'CreateDocumentDeliveries1795900000900';
  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentDeliveryTable(queryRunner);
  }
  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentDeliveryTable(queryRunner);
  }
}

/** The document tables as the second release created them: no status signature yet. */
class CreateDocumentsWithoutSignature1795600000902 implements MigrationInterface {
  readonly name = 'CreateDocumentsWithoutSignature1795600000902';
  async up(queryRunner: QueryRunner): Promise<void> {
    await createDocumentTables(queryRunner);
    await queryRunner.query(`ALTER TABLE document_status DROP COLUMN signature`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await dropDocumentTables(queryRunner);
  }
}

/** What each app adds for statuses signed by their envelope (docs/adr/0010). */
class AddDocumentStatusSignatures1796000000900 implements MigrationInterface {
  readonly name = 'AddDocumentStatusSignatures1796000000900';
  up(queryRunner: QueryRunner): Promise<void> {
    return addDocumentStatusSignature(queryRunner);
  }
  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentStatusSignature(queryRunner);
  }
}

async function statusColumns(dataSource: DataSource, schema: string): Promise<string[]> {
  const rows: { column_name: string }[] = await dataSource.query(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = 'document_status' ORDER BY 1`,
    [schema],
  );
  return rows.map((r) => r.column_name);
}

async function tables(dataSource: DataSource, schema: string): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
    [schema],
  );
  return rows.map((r) => r.table_name).filter((name) => name.startsWith('document'));
}

describe('document tables: the delivery table on new and on existing schemas', () => {
  const open: { dataSource: DataSource; schema: string }[] = [];

  /** A data source on `schema` (a fresh one by default) with these migrations, run. */
  async function migrated(
    migrations: (new () => MigrationInterface)[],
    schema = `docmig_${randomBytes(4).toString('hex')}`,
  ): Promise<{ dataSource: DataSource; schema: string; applied: string[] }> {
    const dataSource = await createDataSource({
      url,
      schema,
      entities: [],
      migrations,
      applicationName: 'documents-migration-test',
    });
    open.push({ dataSource, schema });
    return { dataSource, schema, applied: await runMigrations(dataSource) };
  }

  afterAll(async () => {
    for (const { dataSource, schema } of open) {
      if (dataSource.isInitialized) {
        await dropSchema(dataSource, schema);
        await dataSource.destroy();
      }
    }
  });

  it('adds document_delivery to a schema whose document tables predate it', async () => {
    const before = await migrated([CreateOldDocuments1795600000900]);
    expect(await tables(before.dataSource, before.schema)).not.toContain('document_delivery');
    await before.dataSource.destroy();
    // the app upgraded: its migration list gained the delivery migration
    const { dataSource, schema, applied } = await migrated(
      [CreateOldDocuments1795600000900, CreateDocumentDeliveries1795900000900],
      before.schema,
    );
    expect(applied).toEqual(['CreateDocumentDeliveries1795900000900']);
    expect(await tables(dataSource, schema)).toEqual([
      'document',
      'document_delivery',
      'document_quarantine',
      'document_status',
    ]);
  });

  it('creates it with the other document tables on a new schema, where the later migration changes nothing', async () => {
    const { dataSource, schema, applied } = await migrated([
      CreateDocuments1795600000901,
      CreateDocumentDeliveries1795900000900,
    ]);
    expect(applied).toHaveLength(2);
    expect(await tables(dataSource, schema)).toEqual([
      'document',
      'document_delivery',
      'document_quarantine',
      'document_status',
    ]);
    await dataSource.undoLastMigration();
    await dataSource.undoLastMigration();
    expect(await tables(dataSource, schema)).toEqual([]);
  });

  it('adds document_status.signature to a schema made before it, and finds it on a new one', async () => {
    const before = await migrated([CreateDocumentsWithoutSignature1795600000902]);
    expect(await statusColumns(before.dataSource, before.schema)).not.toContain('signature');
    await before.dataSource.destroy();
    const upgraded = await migrated(
      [CreateDocumentsWithoutSignature1795600000902, AddDocumentStatusSignatures1796000000900],
      before.schema,
    );
    expect(upgraded.applied).toEqual(['AddDocumentStatusSignatures1796000000900']);
    expect(await statusColumns(upgraded.dataSource, upgraded.schema)).toContain('signature');
    const fresh = await migrated([
      CreateDocuments1795600000901,
      AddDocumentStatusSignatures1796000000900,
    ]);
    expect(fresh.applied).toHaveLength(2);
    expect(await statusColumns(fresh.dataSource, fresh.schema)).toContain('signature');
  });
});
