import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the social-insurance registry (insured persons, participation periods, health-insurance
 * cards). Names are unqualified: the data source's search_path puts them in the app schema.
 */
export class CreateInsuranceRegistry1795408515705 implements MigrationInterface {
  readonly name = 'CreateInsuranceRegistry1795408515705';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE insured_persons (
        social_insurance_number char(10) PRIMARY KEY,
        personal_id char(12) NOT NULL,
        full_name varchar(200) NOT NULL,
        province_code char(2) NOT NULL,
        issued_on date NOT NULL,
        CONSTRAINT uq_insured_persons_personal_id UNIQUE (personal_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE participation_periods (
        id bigserial PRIMARY KEY,
        social_insurance_number char(10) NOT NULL,
        scheme varchar(10) NOT NULL,
        employer_code varchar(14),
        from_month date NOT NULL,
        to_month date,
        CONSTRAINT uq_participation_periods_start
          UNIQUE (social_insurance_number, scheme, from_month)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_participation_periods_sin ON participation_periods (social_insurance_number)`,
    );
    await queryRunner.query(`
      CREATE TABLE health_insurance_cards (
        id bigserial PRIMARY KEY,
        card_code char(15) NOT NULL,
        social_insurance_number char(10) NOT NULL,
        personal_id char(12) NOT NULL,
        beneficiary_group char(2) NOT NULL,
        benefit_level smallint NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        registered_clinic varchar(10) NOT NULL,
        status varchar(10) NOT NULL,
        CONSTRAINT uq_health_insurance_cards_issue
          UNIQUE (social_insurance_number, beneficiary_group, valid_from)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_health_insurance_cards_personal_id ON health_insurance_cards (personal_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_health_insurance_cards_card_code ON health_insurance_cards (card_code)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['health_insurance_cards', 'participation_periods', 'insured_persons']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
