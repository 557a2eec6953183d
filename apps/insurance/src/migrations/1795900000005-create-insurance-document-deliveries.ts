import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDocumentDeliveryTable, dropDocumentDeliveryTable } from '@lienthong/adapter-kit';

/**
 * The outbox of official documents and statuses (document_delivery), for a schema whose document
 * tables were created before it existed; a newer schema already has it and this changes nothing.
 */
export class CreateInsuranceDocumentDeliveries1795900000005 implements MigrationInterface {
  readonly name = 'CreateInsuranceDocumentDeliveries1795900000005';

  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentDeliveryTable(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentDeliveryTable(queryRunner);
  }
}
