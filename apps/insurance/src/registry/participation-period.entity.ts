import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Social-insurance scheme of a participation period. */
export type InsuranceScheme = 'COMPULSORY' | 'VOLUNTARY';

/** One period of social-insurance participation; `toMonth` is null while it lasts. */
@Entity({ name: 'participation_periods' })
@Unique('uq_participation_periods_start', ['socialInsuranceNumber', 'scheme', 'fromMonth'])
@Index('ix_participation_periods_sin', ['socialInsuranceNumber'])
export class ParticipationPeriod {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'social_insurance_number', type: 'char', length: 10 })
  socialInsuranceNumber!: string;

  @Column({ type: 'varchar', length: 10 })
  scheme!: InsuranceScheme;

  /** Enterprise code of the employer for compulsory participation. */
  @Column({ name: 'employer_code', type: 'varchar', length: 14, nullable: true })
  employerCode!: string | null;

  /** First day of the first month covered. */
  @Column({ name: 'from_month', type: 'date' })
  fromMonth!: string;

  /** First day of the last month covered, or null while participation goes on. */
  @Column({ name: 'to_month', type: 'date', nullable: true })
  toMonth!: string | null;
}
