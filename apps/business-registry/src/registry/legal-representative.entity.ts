import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A legal representative of an enterprise, named by personal id. */
@Entity({ name: 'legal_representatives' })
@Index('ix_legal_representatives_personal_id', ['personalId'])
export class LegalRepresentative {
  @PrimaryColumn({ name: 'enterprise_code', type: 'varchar', length: 14 })
  enterpriseCode!: string;

  @PrimaryColumn({ name: 'personal_id', type: 'char', length: 12 })
  personalId!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  /** Title such as "Giám đốc" or "Chủ tịch Hội đồng quản trị". */
  @Column({ type: 'varchar', length: 100 })
  position!: string;

  @Column({ type: 'date' })
  since!: string;
}
