import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '@lienthong/adapter-kit';

/** The bus tables of the population registry: the outbox of its events and the inbox of others'. */
export class CreatePopulationEvents1795500000002 implements MigrationInterface {
  readonly name = 'CreatePopulationEvents1795500000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropEventTables(queryRunner);
  }
}
