import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createWitnessTables, dropWitnessTables } from '@lienthong/adapter-kit';

/** The checkpoints of the audit log this agency witnessed and cosigned (docs/security.md §6.1). */
export class CreateCivilStatusWitness1795800000004 implements MigrationInterface {
  readonly name = 'CreateCivilStatusWitness1795800000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWitnessTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWitnessTables(queryRunner);
  }
}
