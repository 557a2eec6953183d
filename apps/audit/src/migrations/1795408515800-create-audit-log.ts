import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['audit_record', 'audit_tree_node', 'audit_checkpoint'] as const;

/**
 * Creates the append-only audit log: records (the Merkle leaves), the hashes of complete subtrees
 * above them, and the signed checkpoints. A trigger refuses UPDATE, DELETE and TRUNCATE on all
 * three, also for the table owner; this is defence in depth only, tamper evidence comes from the
 * checkpoints kept outside the database. Names are unqualified: the search_path puts them in the
 * app schema.
 */
export class CreateAuditLog1795408515800 implements MigrationInterface {
  readonly name = 'CreateAuditLog1795408515800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_record (
        seq bigint PRIMARY KEY CHECK (seq >= 0),
        record_id uuid NOT NULL,
        leaf_hash bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
        entry text NOT NULL,
        message_id text NOT NULL,
        correlation_id text,
        subject_ref text,
        sender text NOT NULL,
        recipient text,
        outcome text NOT NULL,
        record_time timestamptz NOT NULL,
        logged_at timestamptz NOT NULL,
        CONSTRAINT uq_audit_record_record_id UNIQUE (record_id)
      )`);
    for (const column of [
      'message_id',
      'correlation_id',
      'subject_ref',
      'sender',
      'recipient',
      'record_time',
      'outcome',
    ]) {
      await queryRunner.query(`CREATE INDEX ix_audit_record_${column} ON audit_record (${column})`);
    }
    await queryRunner.query(`
      CREATE TABLE audit_tree_node (
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (octet_length(hash) = 32),
        PRIMARY KEY (level, idx)
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_checkpoint (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tree_size bigint NOT NULL CHECK (tree_size >= 0),
        root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        signed_at timestamptz NOT NULL,
        body text NOT NULL,
        alg text NOT NULL,
        kid text NOT NULL,
        signature bytea NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_audit_checkpoint_tree_size ON audit_checkpoint (tree_size)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of TABLES) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
      // The application role gets INSERT and SELECT only when a DBA grants them; nobody inherits more.
      await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION audit_refuse_change()`);
  }
}
