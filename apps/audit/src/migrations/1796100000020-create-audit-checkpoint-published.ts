import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which checkpoints reached the bus: a size is recorded once its checkpoint was published for the
 * witnesses. A checkpoint stored but never published (the publish failed, then the service
 * stopped) is published on the next start, with the proof from the last one published
 * (CheckpointService). Append-only like the log. The checkpoints signed before this table existed
 * were published or superseded: they count as published, as the service assumed until now.
 */
export class CreateAuditCheckpointPublished1796100000020 implements MigrationInterface {
  readonly name = 'CreateAuditCheckpointPublished1796100000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_checkpoint_published (
        tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      INSERT INTO audit_checkpoint_published (tree_size, published_at)
      SELECT tree_size, max(signed_at) FROM audit_checkpoint GROUP BY tree_size`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoint_published_append_only
      BEFORE UPDATE OR DELETE ON audit_checkpoint_published
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoint_published_no_truncate
      BEFORE TRUNCATE ON audit_checkpoint_published
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(
      `REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoint_published FROM PUBLIC`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_checkpoint_published`);
  }
}
