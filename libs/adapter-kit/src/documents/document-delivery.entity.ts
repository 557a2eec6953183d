import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** What a delivery carries: a document package or a status. */
export type DeliveryKind = 'edoc' | 'status';

/** Where a delivery stands, as `GET /v1/documents/{id}` shows it. */
export type DeliveryState = 'pending' | 'sent' | 'expired' | 'refused';

/**
 * One sealed message of the document exchange (a document to one recipient, or a status to the
 * other party) waiting for, or past, its JetStream acknowledgement: the document outbox. The row
 * commits in the transaction of the change it announces; the relay publishes it with
 * `Nats-Msg-Id` = `messageId` and sets `sentAt` only after the stream acknowledged it, so neither
 * a crash nor a NATS outage loses it, and a retry is the same envelope (stored once).
 */
@Entity({ name: 'document_delivery' })
@Unique('uq_document_delivery_message', ['messageId'])
@Index('ix_document_delivery_document', ['documentRef'])
export class DocumentDelivery {
  /** Commit order of the rows: the relay publishes each recipient's rows in this order. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** UUIDv7 = envelope id = `Nats-Msg-Id`. */
  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  /** The document the message is about; null for the 02 answering a quarantined delivery. */
  @Column({ name: 'document_ref', type: 'uuid', nullable: true })
  documentRef!: string | null;

  @Column({ type: 'varchar', length: 8 })
  kind!: DeliveryKind;

  @Column({ name: 'recipient_member', type: 'varchar', length: 16 })
  recipientMember!: string;

  @Column({ name: 'recipient_subsystem', type: 'varchar', length: 32 })
  recipientSubsystem!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** The signed canonical JSON, exactly as it is published. */
  @Column({ type: 'bytea' })
  body!: Buffer;

  /** `Lt-Signature`, `Lt-Type`, `Nats-Msg-Id`. */
  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  /** The envelope's `expiresAt`: after it the message is not published any more. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Failed publication rounds. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Code (or message) of the last failed publication. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** Set instead of `sentAt` when the envelope expired before any publication succeeded. */
  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;

  /** The reason code of the signed 02 with which the other party refused this message. */
  @Column({ name: 'refusal_code', type: 'varchar', length: 64, nullable: true })
  refusalCode!: string | null;

  /** Envelope id of that 02. */
  @Column({ name: 'refusal_message_id', type: 'uuid', nullable: true })
  refusalMessageId!: string | null;

  @Column({ name: 'refused_at', type: 'timestamptz', nullable: true })
  refusedAt!: Date | null;
}

/** The state of one delivery row. */
export function deliveryState(
  row: Pick<DocumentDelivery, 'sentAt' | 'expiredAt' | 'refusalCode'>,
): DeliveryState {
  if (row.refusalCode) {
    return 'refused';
  }
  if (row.sentAt) {
    return 'sent';
  }
  return row.expiredAt ? 'expired' : 'pending';
}
