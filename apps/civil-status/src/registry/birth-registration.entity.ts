import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { RegisterEntry } from './register-entry.entity';

/** How a birth was registered (the MOJ `loaiDangKy`). */
export type BirthRegistrationType = 'ON_TIME' | 'LATE' | 'RE_REGISTRATION' | 'FOREIGN_RECORDED';

/** A birth registration (khai sinh): one per person, naming the child and the parents by id. */
@Entity({ name: 'birth_registrations' })
@Unique('uq_birth_registrations_entry', ['registeringCommune', 'bookNo', 'entryNo'])
@Unique('uq_birth_registrations_child', ['childPersonalId'])
@Index('ix_birth_registrations_father', ['fatherPersonalId'])
@Index('ix_birth_registrations_mother', ['motherPersonalId'])
export class BirthRegistration extends RegisterEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'child_personal_id', type: 'char', length: 12 })
  childPersonalId!: string;

  @Column({ name: 'child_full_name', type: 'varchar', length: 200 })
  childFullName!: string;

  @Column({ type: 'varchar', length: 6 })
  sex!: 'MALE' | 'FEMALE';

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'birth_date_precision', type: 'varchar', length: 10 })
  birthDatePrecision!: 'FULL' | 'YEAR_MONTH' | 'YEAR';

  @Column({ name: 'place_of_birth', type: 'varchar', length: 300 })
  placeOfBirth!: string;

  @Column({ name: 'father_personal_id', type: 'char', length: 12, nullable: true })
  fatherPersonalId!: string | null;

  @Column({ name: 'mother_personal_id', type: 'char', length: 12, nullable: true })
  motherPersonalId!: string | null;

  @Column({ name: 'registration_type', type: 'varchar', length: 20 })
  registrationType!: BirthRegistrationType;
}
