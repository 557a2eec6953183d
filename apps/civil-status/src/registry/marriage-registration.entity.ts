import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { RegisterEntry } from './register-entry.entity';

/** Whether a registered marriage still stands. */
export type MarriageStatus = 'REGISTERED' | 'DIVORCED' | 'ENDED_BY_DEATH';

/** A marriage registration (kết hôn) between two persons named by personal id. */
@Entity({ name: 'marriage_registrations' })
@Unique('uq_marriage_registrations_entry', ['registeringCommune', 'bookNo', 'entryNo'])
@Index('ix_marriage_registrations_husband', ['husbandPersonalId'])
@Index('ix_marriage_registrations_wife', ['wifePersonalId'])
export class MarriageRegistration extends RegisterEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'husband_personal_id', type: 'char', length: 12 })
  husbandPersonalId!: string;

  @Column({ name: 'wife_personal_id', type: 'char', length: 12 })
  wifePersonalId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: MarriageStatus;
}
