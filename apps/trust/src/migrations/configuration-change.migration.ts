import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `configuration_change`: the history of rights changes operators published through a previewed
 * change list (who, when, why, the changes, the diff they made to the signed configuration and
 * the version that first carried them). Insert-only.
 */
export class ConfigurationChange1796300000000 implements MigrationInterface {
  readonly name = 'ConfigurationChange1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE configuration_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        published_by text NOT NULL,
        published_at timestamptz NOT NULL,
        summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 512),
        changes jsonb NOT NULL,
        diff jsonb NOT NULL,
        version bigint
      )`);
    await queryRunner.query(
      'CREATE INDEX configuration_change_time_idx ON configuration_change (published_at DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE configuration_change');
  }
}
