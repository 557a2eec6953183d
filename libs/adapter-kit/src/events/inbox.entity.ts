import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One event this agency has applied. The row commits in the same transaction as the handler's
 * effect, and its primary key makes a redelivered or re-published event a no-op.
 */
@Entity({ name: 'inbox' })
export class InboxEntry {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  /** Publishing member, e.g. `CIV`. */
  @Column({ type: 'varchar', length: 16 })
  publisher!: string;

  /** Event type, e.g. `birth-registered`. */
  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
