import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A household (hộ gia đình) with its residence record number and its head. */
@Entity({ name: 'households' })
export class Household {
  /** Residence record number (số hồ sơ cư trú). */
  @PrimaryColumn({ name: 'household_no', type: 'varchar', length: 20 })
  householdNo!: string;

  @Column({ name: 'head_personal_id', type: 'char', length: 12 })
  headPersonalId!: string;

  @Column({ name: 'commune_code', type: 'char', length: 5 })
  communeCode!: string;

  @Column({ type: 'varchar', length: 300 })
  address!: string;

  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;
}
