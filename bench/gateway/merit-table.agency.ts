import { Injectable } from '@nestjs/common';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import type {
  AgencyDefinition,
  LookupContext,
  LookupHandler,
  LookupOutcome,
} from '@lienthong/adapter-kit';

/**
 * The bench's baseline: the same look-up as the configured NCC adapter's
 * (`urn:lienthong:merit:merit-status-by-person-*:1`), answered the way the four demo registries
 * answer, from a table the adapter owns — an entity, a migration and a TypeScript handler.
 */
@Entity({ name: 'merit_records' })
export class MeritRecordRow {
  @PrimaryColumn({ name: 'personal_id', type: 'char', length: 12 })
  personalId!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ name: 'date_of_birth', type: 'varchar', length: 10 })
  dateOfBirth!: string;

  @Column({ type: 'varchar', length: 30 })
  category!: string;

  @Column({ name: 'injury_rate', type: 'int' })
  injuryRate!: number;

  @Column({ name: 'certificate_number', type: 'varchar', length: 40 })
  certificateNumber!: string;

  @Column({ name: 'certificate_issued_on', type: 'varchar', length: 10 })
  certificateIssuedOn!: string;

  @Column({ name: 'managing_authority', type: 'varchar', length: 200 })
  managingAuthority!: string;

  @Column({ name: 'allowance_status', type: 'varchar', length: 10 })
  allowanceStatus!: string;

  @Column({ name: 'updated_on', type: 'varchar', length: 10 })
  updatedOn!: string;
}

export class CreateMeritTable1797000000001 implements MigrationInterface {
  name = 'CreateMeritTable1797000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE IF NOT EXISTS merit_records (
      personal_id char(12) PRIMARY KEY, full_name varchar(200) NOT NULL,
      date_of_birth varchar(10) NOT NULL, category varchar(30) NOT NULL, injury_rate int NOT NULL,
      certificate_number varchar(40) NOT NULL, certificate_issued_on varchar(10) NOT NULL,
      managing_authority varchar(200) NOT NULL, allowance_status varchar(10) NOT NULL,
      updated_on varchar(10) NOT NULL)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE merit_records');
  }
}

/** The table path's service code (the configured adapter serves `merit-status-by-person`). */
export const TABLE_SERVICE = 'merit-status-table';

@Injectable()
export class MeritTableHandler implements LookupHandler<{ personalId: string }> {
  readonly service = TABLE_SERVICE;
  readonly requestType = 'urn:lienthong:merit:merit-status-by-person-request:1';
  readonly identifierField = 'personalId';

  async handle(
    ctx: LookupContext,
    query: { personalId: string },
  ): Promise<LookupOutcome<Record<string, unknown>>> {
    const row = await ctx.manager.findOneBy(MeritRecordRow, { personalId: query.personalId });
    return row ? { status: 'FOUND', record: { ...row } } : { status: 'NOT_FOUND' };
  }
}

/**
 * Member MRT: the merit registry as a conventional adapter with its own table, declaring what the
 * configured adapter declares (the officers' API, official documents, witnessing the audit log), so
 * that both providers carry the same background work and only the way they answer differs.
 */
export const MERIT_TABLE_AGENCY: AgencyDefinition = {
  member: 'MRT',
  subsystem: 'registry',
  title: 'Merit registry from its own table (bench baseline)',
  schema: 'merit_table',
  entities: [MeritRecordRow],
  migrations: [CreateMeritTable1797000000001],
  lookupHandlers: [MeritTableHandler],
  documents: {},
  witness: true,
};
