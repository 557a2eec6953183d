import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Level of an administrative unit; districts were abolished on 2025-07-01. */
export type AdministrativeLevel = 'PROVINCE' | 'COMMUNE';

/**
 * A time-versioned administrative unit: codes are reused across the 2025 merger, so the key is
 * (code, level, validFrom) and old records keep resolving to the unit in force when they were made.
 */
@Entity({ name: 'administrative_units' })
@Index('ix_administrative_units_parent', ['parentCode'])
export class AdministrativeUnit {
  @PrimaryColumn({ type: 'varchar', length: 5 })
  code!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  level!: AdministrativeLevel;

  @PrimaryColumn({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 5, nullable: true })
  parentCode!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  /** For a unit that ended in a merger: the code of the unit that took it over. */
  @Column({ name: 'successor_code', type: 'varchar', length: 5, nullable: true })
  successorCode!: string | null;
}
