import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWitnessTables, dropWitnessTables } from '@lienthong/adapter-kit';

/** The checkpoints of the audit log this agency witnessed and cosigned (docs/security.md §6.1). */
export class CreateBusinessRegistryWitness1795800000003 implements MigrationInterface {
  readonly name = 'CreateBusinessRegistryWitness1795800000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWitnessTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWitnessTables(queryRunner);
  }
}
