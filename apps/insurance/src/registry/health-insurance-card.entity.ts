import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Whether a health-insurance card can be used. */
export type CardStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

/**
 * A health-insurance card (thẻ BHYT). The 15-character code is derived (group, benefit level,
 * province, social-insurance number) and is re-issued with new validity, so the key is
 * (social-insurance number, group, validFrom): issuing the same card twice is a no-op.
 */
@Entity({ name: 'health_insurance_cards' })
@Unique('uq_health_insurance_cards_issue', [
  'socialInsuranceNumber',
  'beneficiaryGroup',
  'validFrom',
])
@Index('ix_health_insurance_cards_personal_id', ['personalId'])
@Index('ix_health_insurance_cards_card_code', ['cardCode'])
export class HealthInsuranceCard {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'card_code', type: 'char', length: 15 })
  cardCode!: string;

  @Column({ name: 'social_insurance_number', type: 'char', length: 10 })
  socialInsuranceNumber!: string;

  /** Denormalised so that a look-up by personal id needs one index. */
  @Column({ name: 'personal_id', type: 'char', length: 12 })
  personalId!: string;

  /** Beneficiary group (mã đối tượng), e.g. TE for children under 6. */
  @Column({ name: 'beneficiary_group', type: 'char', length: 2 })
  beneficiaryGroup!: string;

  @Column({ name: 'benefit_level', type: 'smallint' })
  benefitLevel!: number;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  /** Code of the registered primary clinic (nơi đăng ký khám chữa bệnh ban đầu). */
  @Column({ name: 'registered_clinic', type: 'varchar', length: 10 })
  registeredClinic!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: CardStatus;
}
