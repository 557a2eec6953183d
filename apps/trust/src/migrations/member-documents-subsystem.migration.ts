import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `member.documents_subsystem`: which of a member's subsystems sends and receives its official
 * documents, once it has more than one (an adapter and X-Road client systems, say). Null keeps the
 * rule for a member with a single subsystem.
 */
export class MemberDocumentsSubsystem1796400000000 implements MigrationInterface {
  readonly name = 'MemberDocumentsSubsystem1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member ADD COLUMN documents_subsystem text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member DROP COLUMN documents_subsystem`);
  }
}
