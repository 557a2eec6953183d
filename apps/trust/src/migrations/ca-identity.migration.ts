import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `ca_identity`: the one bus CA this trust database belongs to, registered by the replica that
 * created (or first loaded) it. Certificates only; the keys stay 0600 files in TRUST_DATA_DIR.
 * A single row (the primary key is a constant), so two replicas cannot register two CAs.
 */
export class CaIdentity1796000000000 implements MigrationInterface {
  readonly name = 'CaIdentity1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ca_identity (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        root_thumbprint text NOT NULL,
        root_pem text NOT NULL,
        issuing_thumbprint text NOT NULL,
        issuing_pem text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ca_identity');
  }
}
