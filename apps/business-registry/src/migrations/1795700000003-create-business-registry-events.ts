import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The flags a life event raises on a legal representative, e.g. that the representative died and
 * the enterprise must appoint another. (Schemas made before the kit owned its tables got the
 * outbox and inbox here too; the kit's migration now creates them.)
 */
export class CreateBusinessRegistryEvents1795700000003 implements MigrationInterface {
  readonly name = 'CreateBusinessRegistryEvents1795700000003';

  async up(queryRunner: QueryRunner): Promise<void> {
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
  }
}
