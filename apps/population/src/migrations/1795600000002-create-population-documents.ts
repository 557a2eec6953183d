import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDocumentTables, dropDocumentTables } from '@lienthong/adapter-kit';

/** Creates the official-document tables (document, document_status, document_quarantine). */
export class CreatePopulationDocuments1795600000002 implements MigrationInterface {
  readonly name = 'CreatePopulationDocuments1795600000002';

  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentTables(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentTables(queryRunner);
  }
}
