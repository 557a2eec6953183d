import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Who revoked a certificate (the operator token's subject) and the operator's own words on why,
 * beside the RFC 5280 reason code the configuration publishes. Revocations made before these
 * columns existed keep them empty.
 */
export class CertificateRevoker1796200000000 implements MigrationInterface {
  readonly name = 'CertificateRevoker1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE certificate ADD COLUMN revoked_by text');
    await queryRunner.query(
      'ALTER TABLE certificate ADD COLUMN revocation_note text CHECK (length(revocation_note) BETWEEN 1 AND 512)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE certificate DROP COLUMN revocation_note');
    await queryRunner.query('ALTER TABLE certificate DROP COLUMN revoked_by');
  }
}
