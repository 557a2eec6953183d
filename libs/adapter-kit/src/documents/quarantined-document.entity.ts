import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A delivery that failed a verification step: kept with its raw bytes for the audit trail and
 * never shown as a document (docs/security.md §2.2 step 8, NĐ 30/2020 Art. 21(2)).
 */
@Entity({ name: 'document_quarantine' })
export class QuarantinedDocument {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Envelope id, when the envelope could be read. */
  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId!: string | null;

  /** `MEMBER/subsystem` the delivery claimed (verified only when the envelope passed). */
  @Column({ name: 'claimed_sender', type: 'varchar', length: 64, nullable: true })
  claimedSender!: string | null;

  @Column({ name: 'envelope_verified', type: 'boolean' })
  envelopeVerified!: boolean;

  @Column({ name: 'document_id', type: 'varchar', length: 300, nullable: true })
  documentId!: string | null;

  @Column({ name: 'reason_code', type: 'varchar', length: 64 })
  reasonCode!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  /** The received message bytes, exactly as they arrived. */
  @Column({ name: 'raw', type: 'bytea' })
  raw!: Buffer;

  @Column({ type: 'text', nullable: true })
  signature!: string | null;

  /** Whether a signed 02 was queued for the sender (in this row's transaction, published after it). */
  @Column({ name: 'status_sent', type: 'boolean' })
  statusSent!: boolean;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
