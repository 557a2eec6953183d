import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWitnessTables, dropWitnessTables } from '@lienthong/adapter-kit';

/** The checkpoints of the audit log this agency witnessed and cosigned (docs/security.md §6.1). */
export class CreateInsuranceWitness1795800000005 implements MigrationInterface {
  readonly name = 'CreateInsuranceWitness1795800000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWitnessTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWitnessTables(queryRunner);
  }
}
