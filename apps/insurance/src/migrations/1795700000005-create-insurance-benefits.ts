import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Benefits insurance opens after a death (group 2): the funeral allowance (trợ cấp mai táng) and
 * the survivor benefit (trợ cấp tuất). One of each kind per person, so that opening is idempotent.
 */
export class CreateInsuranceBenefits1795700000005 implements MigrationInterface {
  readonly name = 'CreateInsuranceBenefits1795700000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE benefits (
        id bigserial PRIMARY KEY,
        personal_id char(12) NOT NULL,
        benefit varchar(20) NOT NULL,
        social_insurance_number char(10) NOT NULL,
        dossier_id uuid NOT NULL,
        opened_on date NOT NULL,
        status varchar(10) NOT NULL,
        CONSTRAINT uq_benefits_person_kind UNIQUE (personal_id, benefit)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE benefits`);
  }
}
