import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns every civil-status act shares: where it is written in the books. */
const REGISTER_ENTRY = `
  registering_commune char(5) NOT NULL,
  book_no varchar(20) NOT NULL,
  entry_no integer NOT NULL,
  registered_on date NOT NULL`;

/**
 * Creates the civil-status registry (birth, death and marriage registrations). Names are
 * unqualified: the data source's search_path puts them in the app schema.
 */
export class CreateCivilStatusRegistry1795408515704 implements MigrationInterface {
  readonly name = 'CreateCivilStatusRegistry1795408515704';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE birth_registrations (
        id bigserial PRIMARY KEY,${REGISTER_ENTRY},
        child_personal_id char(12) NOT NULL,
        child_full_name varchar(200) NOT NULL,
        sex varchar(6) NOT NULL,
        birth_date date NOT NULL,
        birth_date_precision varchar(10) NOT NULL,
        place_of_birth varchar(300) NOT NULL,
        father_personal_id char(12),
        mother_personal_id char(12),
        registration_type varchar(20) NOT NULL,
        CONSTRAINT uq_birth_registrations_entry UNIQUE (registering_commune, book_no, entry_no),
        CONSTRAINT uq_birth_registrations_child UNIQUE (child_personal_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_birth_registrations_father ON birth_registrations (father_personal_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_birth_registrations_mother ON birth_registrations (mother_personal_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE death_registrations (
        id bigserial PRIMARY KEY,${REGISTER_ENTRY},
        deceased_personal_id char(12) NOT NULL,
        deceased_full_name varchar(200) NOT NULL,
        date_of_death date NOT NULL,
        place_of_death varchar(300) NOT NULL,
        declarant_personal_id char(12),
        CONSTRAINT uq_death_registrations_entry UNIQUE (registering_commune, book_no, entry_no),
        CONSTRAINT uq_death_registrations_deceased UNIQUE (deceased_personal_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE marriage_registrations (
        id bigserial PRIMARY KEY,${REGISTER_ENTRY},
        husband_personal_id char(12) NOT NULL,
        wife_personal_id char(12) NOT NULL,
        status varchar(16) NOT NULL,
        CONSTRAINT uq_marriage_registrations_entry UNIQUE (registering_commune, book_no, entry_no)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_marriage_registrations_husband ON marriage_registrations (husband_personal_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_marriage_registrations_wife ON marriage_registrations (wife_personal_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['marriage_registrations', 'death_registrations', 'birth_registrations']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
