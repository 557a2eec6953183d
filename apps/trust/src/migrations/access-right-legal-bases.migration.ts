import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `access_right.legal_bases`: for each purpose of a right, the legal bases (code and citation) a
 * request for it may cite. Rights granted before it existed get none, so that every look-up on
 * them is refused (ACCESS_LEGAL_BASIS_NOT_ALLOWED) until the operator names their legal bases:
 * the safe default of docs/security.md.
 */
export class AccessRightLegalBases1796500000000 implements MigrationInterface {
  readonly name = 'AccessRightLegalBases1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE access_right
        ADD COLUMN legal_bases jsonb NOT NULL DEFAULT '{}'::jsonb
          CHECK (jsonb_typeof(legal_bases) = 'object')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE access_right DROP COLUMN legal_bases');
  }
}
