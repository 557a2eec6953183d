import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One sealed event waiting for (or past) its JetStream acknowledgement. The row commits with the
 * registry change that caused it; the relay publishes it with `Nats-Msg-Id` = `eventId` and sets
 * `sentAt` only after the stream acknowledged it, so neither a crash nor a NATS outage loses it.
 */
@Entity({ name: 'outbox' })
@Index('ix_outbox_unsent', ['createdAt'], { where: 'sent_at IS NULL' })
export class OutboxEntry {
  /** UUIDv7 = envelope id = `Nats-Msg-Id`. */
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** The signed canonical JSON, exactly as it will be published. */
  @Column({ type: 'bytea' })
  body!: Buffer;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
