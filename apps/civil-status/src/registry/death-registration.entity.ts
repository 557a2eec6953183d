import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { RegisterEntry } from './register-entry.entity';

/** A death registration (khai tử): one per person. */
@Entity({ name: 'death_registrations' })
@Unique('uq_death_registrations_entry', ['registeringCommune', 'bookNo', 'entryNo'])
@Unique('uq_death_registrations_deceased', ['deceasedPersonalId'])
export class DeathRegistration extends RegisterEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'deceased_personal_id', type: 'char', length: 12 })
  deceasedPersonalId!: string;

  @Column({ name: 'deceased_full_name', type: 'varchar', length: 200 })
  deceasedFullName!: string;

  @Column({ name: 'date_of_death', type: 'date' })
  dateOfDeath!: string;

  @Column({ name: 'place_of_death', type: 'varchar', length: 300 })
  placeOfDeath!: string;

  /** Personal id of the relative who declared the death, when known. */
  @Column({ name: 'declarant_personal_id', type: 'char', length: 12, nullable: true })
  declarantPersonalId!: string | null;
}
