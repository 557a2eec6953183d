import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createDocumentTables,
  createWitnessTables,
  dropDocumentTables,
  dropWitnessTables,
} from '@lienthong/adapter-kit';

/**
 * The bus tables of a configured adapter (it keeps no registry of its own): official documents
 * (with their delivery outbox and signed statuses) and the audit-log checkpoints it witnessed.
 */
export class CreateConfiguredAdapterTables1797000000001 implements MigrationInterface {
  readonly name = 'CreateConfiguredAdapterTables1797000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createDocumentTables(queryRunner);
    await createWitnessTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWitnessTables(queryRunner);
    await dropDocumentTables(queryRunner);
  }
}
