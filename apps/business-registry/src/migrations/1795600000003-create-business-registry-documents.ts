import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDocumentTables, dropDocumentTables } from '@lienthong/adapter-kit';

/** Creates the official-document tables (document, document_status, document_quarantine). */
export class CreateBusinessRegistryDocuments1795600000003 implements MigrationInterface {
  readonly name = 'CreateBusinessRegistryDocuments1795600000003';

  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentTables(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentTables(queryRunner);
  }
}
