import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addDocumentStatusSignature, dropDocumentStatusSignature } from '@lienthong/adapter-kit';

/**
 * The detached JWS of each status signed by its envelope (document_status.signature), for a
 * schema whose document tables were created before it existed; a newer schema already has it and
 * this changes nothing.
 */
export class CreatePopulationDocumentStatusSignatures1796000000002 implements MigrationInterface {
  readonly name = 'CreatePopulationDocumentStatusSignatures1796000000002';

  up(queryRunner: QueryRunner): Promise<void> {
    return addDocumentStatusSignature(queryRunner);
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentStatusSignature(queryRunner);
  }
}
