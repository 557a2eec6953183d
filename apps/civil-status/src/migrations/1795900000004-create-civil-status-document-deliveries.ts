import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDocumentDeliveryTable, dropDocumentDeliveryTable } from '@lienthong/adapter-kit';

/**
 * The outbox of official documents and statuses (document_delivery), for a schema whose document
 * tables were created before it existed; a newer schema already has it and this changes nothing.
 */
export class CreateCivilStatusDocumentDeliveries1795900000004 implements MigrationInterface {
  readonly name = 'CreateCivilStatusDocumentDeliveries1795900000004';

  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentDeliveryTable(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentDeliveryTable(queryRunner);
  }
}
