import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** How a suspension ended: the operator reinstated the member, or its end date passed. */
export type SuspensionEnd = 'reinstated' | 'expired';

/** One suspension of a member by the operator; the row stays after the suspension ends. */
@Entity({ name: 'member_suspension' })
export class MemberSuspensionRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'member_code', type: 'text' })
  memberCode!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'suspended_at', type: 'timestamptz' })
  suspendedAt!: Date;

  /** When the suspension ends by itself; null: until the operator reinstates the member. */
  @Column({ name: 'suspended_until', type: 'timestamptz', nullable: true })
  suspendedUntil!: Date | null;

  /** Subject (`sub`) of the operator token that suspended the member. */
  @Column({ name: 'suspended_by', type: 'text' })
  suspendedBy!: string;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** Subject of the operator token that reinstated the member; null when it expired. */
  @Column({ name: 'ended_by', type: 'text', nullable: true })
  endedBy!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: SuspensionEnd | null;
}
