import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A subscriber subsystem's right to receive one event type from one publisher member. */
@Entity({ name: 'event_right' })
export class EventRight {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'subscriber_member', type: 'text' })
  subscriberMember!: string;

  @Column({ name: 'subscriber_subsystem', type: 'text' })
  subscriberSubsystem!: string;

  @Column({ name: 'publisher_member', type: 'text' })
  publisherMember!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
