import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '@lienthong/adapter-kit';

/** The bus tables of the insurance registry: the outbox of its events and the inbox of others'. */
export class CreateInsuranceEvents1795500000005 implements MigrationInterface {
  readonly name = 'CreateInsuranceEvents1795500000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropEventTables(queryRunner);
  }
}
