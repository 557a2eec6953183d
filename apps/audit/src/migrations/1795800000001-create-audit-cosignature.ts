import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Witness cosignatures of the log's checkpoints, append-only like the log itself (the trigger
 * function comes from the log's first migration). Each row keeps the witness's certificate, so
 * an evidence bundle can carry everything needed to check the cosignature offline.
 */
export class CreateAuditCosignature1795800000001 implements MigrationInterface {
  readonly name = 'CreateAuditCosignature1795800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_cosignature (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        witness_member varchar(16) NOT NULL,
        witness_subsystem varchar(32) NOT NULL,
        tree_size bigint NOT NULL CHECK (tree_size >= 0),
        root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        checkpoint_digest text NOT NULL,
        cosignature jsonb NOT NULL,
        certificate text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_audit_cosignature UNIQUE (witness_member, witness_subsystem, checkpoint_digest)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_audit_cosignature_checkpoint ON audit_cosignature (checkpoint_digest)`,
    );
    await queryRunner.query(`
      CREATE TRIGGER audit_cosignature_append_only BEFORE UPDATE OR DELETE ON audit_cosignature
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_cosignature_no_truncate BEFORE TRUNCATE ON audit_cosignature
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_cosignature FROM PUBLIC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_cosignature`);
  }
}
