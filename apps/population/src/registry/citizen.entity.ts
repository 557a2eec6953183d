import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** How much of a date of birth is known; partial dates are normal in Vietnamese registries. */
export type DatePrecision = 'FULL' | 'YEAR_MONTH' | 'YEAR';

/** Sex as recorded in the population database. */
export type Sex = 'MALE' | 'FEMALE';

/** Whether a citizen is alive; deceased citizens keep their record (with the date of death). */
export type CitizenStatus = 'ALIVE' | 'DECEASED';

/** Relationship to the head of the household the citizen is registered in. */
export type HouseholdRelationship = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'GRANDCHILD' | 'OTHER';

/**
 * One citizen of the national population database, keyed by the 12-digit personal
 * identification number. Residences live in {@link Residence} so that their history is kept.
 */
@Entity({ name: 'citizens' })
@Index('ix_citizens_household_no', ['householdNo'])
@Index('ix_citizens_father_id', ['fatherId'])
@Index('ix_citizens_mother_id', ['motherId'])
export class Citizen {
  @PrimaryColumn({ name: 'personal_id', type: 'char', length: 12 })
  personalId!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ name: 'family_name', type: 'varchar', length: 50 })
  familyName!: string;

  @Column({ name: 'middle_name', type: 'varchar', length: 100, nullable: true })
  middleName!: string | null;

  @Column({ name: 'given_name', type: 'varchar', length: 50 })
  givenName!: string;

  /** First day of the known period: `1985-03-01` for a YEAR_MONTH date of March 1985. */
  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'birth_date_precision', type: 'varchar', length: 10 })
  birthDatePrecision!: DatePrecision;

  @Column({ type: 'varchar', length: 6 })
  sex!: Sex;

  @Column({ type: 'varchar', length: 50 })
  ethnicity!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  religion!: string | null;

  /** ISO 3166-1 alpha-2 country code. */
  @Column({ type: 'char', length: 2 })
  nationality!: string;

  /** Commune (5 digits) where the birth was registered; its province is digits 2-3 of the id. */
  @Column({ name: 'birth_registration_commune', type: 'char', length: 5 })
  birthRegistrationCommune!: string;

  @Column({ name: 'household_no', type: 'varchar', length: 20, nullable: true })
  householdNo!: string | null;

  @Column({ name: 'relationship_to_head', type: 'varchar', length: 12, nullable: true })
  relationshipToHead!: HouseholdRelationship | null;

  @Column({ name: 'father_id', type: 'char', length: 12, nullable: true })
  fatherId!: string | null;

  @Column({ name: 'mother_id', type: 'char', length: 12, nullable: true })
  motherId!: string | null;

  @Column({ name: 'spouse_id', type: 'char', length: 12, nullable: true })
  spouseId!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'ALIVE' })
  status!: CitizenStatus;

  @Column({ name: 'date_of_death', type: 'date', nullable: true })
  dateOfDeath!: string | null;
}
