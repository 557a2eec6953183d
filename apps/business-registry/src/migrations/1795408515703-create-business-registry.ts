import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the business registry (enterprises, legal representatives, registration history).
 * Names are unqualified: the data source's search_path puts them in the app schema.
 */
export class CreateBusinessRegistry1795408515703 implements MigrationInterface {
  readonly name = 'CreateBusinessRegistry1795408515703';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE enterprises (
        enterprise_code varchar(14) PRIMARY KEY,
        parent_code varchar(14),
        name varchar(300) NOT NULL,
        short_name varchar(100),
        legal_form varchar(20) NOT NULL,
        status varchar(12) NOT NULL,
        founding_date date NOT NULL,
        commune_code char(5) NOT NULL,
        address varchar(300) NOT NULL,
        charter_capital bigint
      )`);
    await queryRunner.query(`CREATE INDEX ix_enterprises_parent_code ON enterprises (parent_code)`);
    await queryRunner.query(`
      CREATE TABLE legal_representatives (
        enterprise_code varchar(14) NOT NULL,
        personal_id char(12) NOT NULL,
        full_name varchar(200) NOT NULL,
        position varchar(100) NOT NULL,
        since date NOT NULL,
        PRIMARY KEY (enterprise_code, personal_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_legal_representatives_personal_id ON legal_representatives (personal_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE registration_events (
        enterprise_code varchar(14) NOT NULL,
        seq integer NOT NULL,
        kind varchar(12) NOT NULL,
        registered_on date NOT NULL,
        description varchar(300),
        PRIMARY KEY (enterprise_code, seq)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['registration_events', 'legal_representatives', 'enterprises']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
