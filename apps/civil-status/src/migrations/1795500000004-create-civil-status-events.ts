import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dossiers of interconnected procedures (schemas made before the kit owned its tables got the
 * outbox and inbox here too; the kit's migration now creates them).
 * The child's personal id becomes optional on a birth registration: under NĐ 63/2024 population
 * assigns it after the registration, and the `citizen-created` event fills it in.
 */
export class CreateCivilStatusEvents1795500000004 implements MigrationInterface {
  readonly name = 'CreateCivilStatusEvents1795500000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE birth_registrations ALTER COLUMN child_personal_id DROP NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE dossiers (
        id uuid PRIMARY KEY,
        procedure varchar(10) NOT NULL,
        status varchar(12) NOT NULL,
        registration_id bigint NOT NULL,
        officer_id varchar(64) NOT NULL,
        received_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE dossier_steps (
        dossier_id uuid NOT NULL REFERENCES dossiers (id),
        step varchar(40) NOT NULL,
        agency varchar(16) NOT NULL,
        status varchar(10) NOT NULL,
        due_at timestamptz NOT NULL,
        done_at timestamptz,
        event_id uuid,
        code varchar(64),
        reason varchar(500),
        PRIMARY KEY (dossier_id, step)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_dossier_steps_pending_due ON dossier_steps (due_at) WHERE status = 'PENDING'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dossier_steps`);
    await queryRunner.query(`DROP TABLE dossiers`);
  }
}
