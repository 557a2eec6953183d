import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tableExists } from '../core/table-exists';

/**
 * Creates `witnessed_checkpoint` in the data source's schema (names unqualified: search_path):
 * every checkpoint this agency cosigned, one row per (origin, size); the kit's
 * {@link AdapterKitWitnessTables1795800000000} calls it. A trigger
 * refuses UPDATE and DELETE: what a witness once vouched for must not be rewritten either.
 */
export async function createWitnessTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE witnessed_checkpoint (
      origin varchar(255) NOT NULL,
      tree_size bigint NOT NULL CHECK (tree_size >= 0),
      root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
      body text NOT NULL,
      alg varchar(16) NOT NULL,
      kid varchar(64) NOT NULL,
      signature text NOT NULL,
      witnessed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (origin, tree_size)
    )`);
  await queryRunner.query(`
    CREATE FUNCTION witnessed_checkpoint_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'witnessed checkpoints are append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  await queryRunner.query(`
    CREATE TRIGGER witnessed_checkpoint_append_only BEFORE UPDATE OR DELETE ON witnessed_checkpoint
    FOR EACH ROW EXECUTE FUNCTION witnessed_checkpoint_refuse_change()`);
}

/** Drops what {@link createWitnessTables} created. */
export async function dropWitnessTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE witnessed_checkpoint`);
  await queryRunner.query(`DROP FUNCTION witnessed_checkpoint_refuse_change()`);
}

/**
 * The kit's migration of the witness table, run for every agency that witnesses the audit log. A
 * schema made when each app created it with a migration of its own already has it (and keeps that
 * row in its history): then this one only records itself.
 */
export class AdapterKitWitnessTables1795800000000 implements MigrationInterface {
  readonly name = 'AdapterKitWitnessTables1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await tableExists(queryRunner, 'witnessed_checkpoint'))) {
      await createWitnessTables(queryRunner);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWitnessTables(queryRunner);
  }
}
