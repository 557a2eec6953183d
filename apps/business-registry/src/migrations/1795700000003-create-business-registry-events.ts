import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '@lienthong/adapter-kit';

/**
 * The bus tables of the business registry (outbox, inbox) and the flags a life event raises on a
 * legal representative, e.g. that the representative died and the enterprise must appoint another.
 */
export class CreateBusinessRegistryEvents1795700000003 implements MigrationInterface {
  readonly name = 'CreateBusinessRegistryEvents1795700000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventTables(queryRunner);
    await queryRunner.query(`
      CREATE TABLE representative_flags (
        enterprise_code varchar(14) NOT NULL,
        personal_id char(12) NOT NULL,
        flag varchar(20) NOT NULL,
        flagged_on date NOT NULL,
        dossier_id uuid,
        PRIMARY KEY (enterprise_code, personal_id, flag)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE representative_flags`);
    await dropEventTables(queryRunner);
  }
}
