import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * `suspended` while the member has an open suspension (member_suspension): it obtains no
 * certificates, and the global configuration marks it suspended.
 */
export type MemberStatus = 'active' | 'suspended';

/** An agency on the bus. */
@Entity({ name: 'member' })
export class Member {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** QCVN 102 agency code, e.g. `000.00.00.G22`; null when the agency has none yet. */
  @Column({ name: 'organ_id', type: 'text', nullable: true })
  organId!: string | null;

  /** The subsystem that sends and receives the organ's official documents; null: its only one. */
  @Column({ name: 'documents_subsystem', type: 'text', nullable: true })
  documentsSubsystem!: string | null;

  @Column({ type: 'text' })
  status!: MemberStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
