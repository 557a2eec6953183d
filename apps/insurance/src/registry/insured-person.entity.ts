import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A person known to social insurance, keyed by the 10-digit social-insurance number. */
@Entity({ name: 'insured_persons' })
@Unique('uq_insured_persons_personal_id', ['personalId'])
export class InsuredPerson {
  @PrimaryColumn({ name: 'social_insurance_number', type: 'char', length: 10 })
  socialInsuranceNumber!: string;

  @Column({ name: 'personal_id', type: 'char', length: 12 })
  personalId!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  /** Province (2 digits) of the social-insurance office that issued the number. */
  @Column({ name: 'province_code', type: 'char', length: 2 })
  provinceCode!: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;
}
