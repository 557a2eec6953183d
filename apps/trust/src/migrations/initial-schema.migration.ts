import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The trust registry's tables. Names are unqualified: the DataSource's search_path puts them in
 * the app schema (`trust`, or a per-test schema). Revocations are not a table of their own: a
 * revoked certificate row is the one record of its revocation.
 */
export class InitialSchema1767225600000 implements MigrationInterface {
  readonly name = 'InitialSchema1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE member (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9]{1,15}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
        organ_id text CHECK (organ_id ~ '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$'),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE subsystem (
        member_code text NOT NULL REFERENCES member (code),
        code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9-]{0,31}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_code, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE certificate (
        thumbprint text PRIMARY KEY,
        member_code text NOT NULL,
        subsystem_code text NOT NULL,
        serial_number text NOT NULL UNIQUE,
        pem text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        revoked_at timestamptz,
        revocation_reason text,
        issued_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (member_code, subsystem_code) REFERENCES subsystem (member_code, code),
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX certificate_member_idx ON certificate (member_code, subsystem_code)',
    );
    await queryRunner.query(`
      CREATE TABLE service (
        code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9-]{1,63}$'),
        version integer NOT NULL CHECK (version BETWEEN 1 AND 9999),
        provider_member text NOT NULL,
        provider_subsystem text NOT NULL,
        request_type text NOT NULL,
        response_type text NOT NULL,
        title text NOT NULL,
        fields text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (code, version),
        FOREIGN KEY (provider_member, provider_subsystem) REFERENCES subsystem (member_code, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE access_right (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consumer_member text NOT NULL,
        consumer_subsystem text NOT NULL,
        service_code text NOT NULL,
        purposes text[] NOT NULL CHECK (cardinality(purposes) >= 1),
        fields text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT access_right_unique UNIQUE (consumer_member, consumer_subsystem, service_code),
        FOREIGN KEY (consumer_member, consumer_subsystem) REFERENCES subsystem (member_code, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE event_right (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscriber_member text NOT NULL,
        subscriber_subsystem text NOT NULL,
        publisher_member text NOT NULL REFERENCES member (code),
        event_type text NOT NULL CHECK (event_type ~ '^[a-z][a-z0-9-]{1,63}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_right_unique
          UNIQUE (subscriber_member, subscriber_subsystem, publisher_member, event_type),
        FOREIGN KEY (subscriber_member, subscriber_subsystem) REFERENCES subsystem (member_code, code)
      )`);
    // The version goes into the signed document before its row exists, so it comes from a
    // sequence: monotonic across replicas, gaps harmless.
    await queryRunner.query('CREATE SEQUENCE configuration_version_seq');
    await queryRunner.query(`
      CREATE TABLE configuration_version (
        version bigint PRIMARY KEY,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        sha256 text NOT NULL,
        CHECK (expires_at > issued_at)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'configuration_version',
      'event_right',
      'access_right',
      'service',
      'certificate',
      'subsystem',
      'member',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query('DROP SEQUENCE configuration_version_seq');
  }
}
