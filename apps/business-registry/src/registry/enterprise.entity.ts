import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Legal form of an enterprise (Luật Doanh nghiệp 2020) or a dependent unit. */
export type LegalForm =
  | 'PRIVATE_ENTERPRISE'
  | 'LLC_SINGLE_MEMBER'
  | 'LLC_MULTI_MEMBER'
  | 'JOINT_STOCK'
  | 'PARTNERSHIP'
  | 'BRANCH';

/** Registration status of an enterprise. */
export type EnterpriseStatus = 'ACTIVE' | 'SUSPENDED' | 'DISSOLVING' | 'DISSOLVED' | 'BANKRUPT';

/** bigint columns arrive from pg as strings; charter capitals in VND stay below 2^53. */
const vndAmount = {
  to: (value: number | null): number | null => value,
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};

/**
 * An enterprise or a dependent unit, keyed by its enterprise code (= tax code): 10 digits,
 * or 10 + "-" + 3 for a branch, whose parent is then `parentCode`.
 */
@Entity({ name: 'enterprises' })
@Index('ix_enterprises_parent_code', ['parentCode'])
export class Enterprise {
  @PrimaryColumn({ name: 'enterprise_code', type: 'varchar', length: 14 })
  enterpriseCode!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 14, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ name: 'short_name', type: 'varchar', length: 100, nullable: true })
  shortName!: string | null;

  @Column({ name: 'legal_form', type: 'varchar', length: 20 })
  legalForm!: LegalForm;

  @Column({ type: 'varchar', length: 12 })
  status!: EnterpriseStatus;

  @Column({ name: 'founding_date', type: 'date' })
  foundingDate!: string;

  @Column({ name: 'commune_code', type: 'char', length: 5 })
  communeCode!: string;

  @Column({ type: 'varchar', length: 300 })
  address!: string;

  @Column({ name: 'charter_capital', type: 'bigint', nullable: true, transformer: vndAmount })
  charterCapital!: number | null;
}
