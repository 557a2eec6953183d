import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDocumentTables, dropDocumentTables } from '@lienthong/adapter-kit';

/** Creates the official-document tables (document, document_status, document_quarantine). */
export class CreateCivilStatusDocuments1795600000004 implements MigrationInterface {
  readonly name = 'CreateCivilStatusDocuments1795600000004';

  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentTables(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentTables(queryRunner);
  }
}
