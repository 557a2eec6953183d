import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Permanent (thường trú) or temporary (tạm trú) residence. */
export type ResidenceKind = 'PERMANENT' | 'TEMPORARY';

/**
 * One residence registration of a citizen. A removal (xóa đăng ký, e.g. after a death) sets
 * `removedOn` instead of deleting, so history stays. At most one current residence of each kind
 * per citizen, which makes "register residence" idempotent under redelivery.
 */
@Entity({ name: 'residences' })
@Index('ux_residences_current', ['personalId', 'kind'], {
  unique: true,
  where: 'removed_on IS NULL',
})
@Index('ix_residences_personal_id', ['personalId'])
export class Residence {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'personal_id', type: 'char', length: 12 })
  personalId!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: ResidenceKind;

  @Column({ name: 'household_no', type: 'varchar', length: 20, nullable: true })
  householdNo!: string | null;

  @Column({ name: 'commune_code', type: 'char', length: 5 })
  communeCode!: string;

  @Column({ type: 'varchar', length: 300 })
  address!: string;

  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;

  @Column({ name: 'removed_on', type: 'date', nullable: true })
  removedOn!: string | null;

  @Column({ name: 'removal_reason', type: 'varchar', length: 30, nullable: true })
  removalReason!: string | null;
}
