import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest cosignature of each witness, read by the log's health view with one index probe per
 * witness instead of a scan of every cosignature ever stored.
 */
export class IndexAuditCosignatureWitness1796200000002 implements MigrationInterface {
  readonly name = 'IndexAuditCosignatureWitness1796200000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS ix_audit_cosignature_witness
         ON audit_cosignature (witness_member, witness_subsystem, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_audit_cosignature_witness`);
  }
}
