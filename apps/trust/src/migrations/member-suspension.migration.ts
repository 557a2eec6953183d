import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `member_suspension`: every suspension of a member by the operator, kept after it ends (the
 * registry's history of who suspended whom, why, and how it ended). At most one is open per
 * member. `member.status` follows the open suspension. Members suspended before this table
 * existed get a row, so that the status and the history agree.
 */
export class MemberSuspension1796100000000 implements MigrationInterface {
  readonly name = 'MemberSuspension1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member_suspension (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_code text NOT NULL REFERENCES member (code),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 512),
        suspended_at timestamptz NOT NULL,
        suspended_until timestamptz CHECK (suspended_until > suspended_at),
        suspended_by text NOT NULL,
        ended_at timestamptz,
        ended_by text,
        end_reason text CHECK (end_reason IN ('reinstated', 'expired')),
        CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
        CHECK (end_reason IS DISTINCT FROM 'reinstated' OR ended_by IS NOT NULL)
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX member_suspension_open ON member_suspension (member_code) WHERE ended_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX member_suspension_member_idx ON member_suspension (member_code, suspended_at)',
    );
    await queryRunner.query(`
      INSERT INTO member_suspension (member_code, reason, suspended_at, suspended_by)
      SELECT code, 'suspended before suspensions were recorded', now(), 'migration'
      FROM member WHERE status = 'suspended'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE member_suspension');
  }
}
