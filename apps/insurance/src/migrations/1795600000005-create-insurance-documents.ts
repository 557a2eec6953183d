import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDocumentTables, dropDocumentTables } from '@lienthong/adapter-kit';

/** Creates the official-document tables (document, document_status, document_quarantine). */
export class CreateInsuranceDocuments1795600000005 implements MigrationInterface {
  readonly name = 'CreateInsuranceDocuments1795600000005';

  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentTables(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentTables(queryRunner);
  }
}
