import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console sessions and sign-ins under way. Only the SHA-256 of a session cookie is stored, so a
 * copy of the table opens no session; the tokens stay here, never in the browser.
 */
export class CreateConsoleSessions1796100000000 implements MigrationInterface {
  readonly name = 'CreateConsoleSessions1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sessions (
        id_hash char(64) PRIMARY KEY,
        csrf_token varchar(64) NOT NULL,
        realm varchar(10) NOT NULL,
        person jsonb NOT NULL,
        access_token text NOT NULL,
        id_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX sessions_expires_at ON sessions (expires_at)`);
    await queryRunner.query(`
      CREATE TABLE sign_ins (
        id_hash char(64) PRIMARY KEY,
        realm varchar(10) NOT NULL,
        code_verifier varchar(128) NOT NULL,
        state varchar(128) NOT NULL,
        nonce varchar(128) NOT NULL,
        return_to varchar(300) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sign_ins`);
    await queryRunner.query(`DROP TABLE sessions`);
  }
}
