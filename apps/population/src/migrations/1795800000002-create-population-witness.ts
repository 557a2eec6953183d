import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWitnessTables, dropWitnessTables } from '@lienthong/adapter-kit';

/** The checkpoints of the audit log this agency witnessed and cosigned (docs/security.md §6.1). */
export class CreatePopulationWitness1795800000002 implements MigrationInterface {
  readonly name = 'CreatePopulationWitness1795800000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWitnessTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWitnessTables(queryRunner);
  }
}
