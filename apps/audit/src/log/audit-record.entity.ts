import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One leaf of the audit log. `entry` holds the canonical JSON that was hashed (the evidence);
 * the other columns are copies of its fields, indexed for the lineage and access-log views.
 * Bigint columns are read as strings by the pg driver; the store converts them.
 */
@Entity({ name: 'audit_record' })
export class AuditRecordRow {
  /** Position in the log, dense from 0 (the Merkle leaf index). */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'record_id', type: 'uuid', unique: true })
  recordId!: string;

  @Column({ name: 'leaf_hash', type: 'bytea' })
  leafHash!: Buffer;

  /** RFC 8785 JSON of the log entry: exactly the leaf bytes. */
  @Column({ type: 'text' })
  entry!: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId!: string | null;

  @Column({ name: 'subject_ref', type: 'text', nullable: true })
  subjectRef!: string | null;

  /** `MEMBER/subsystem`. */
  @Column({ type: 'text' })
  sender!: string;

  @Column({ type: 'text', nullable: true })
  recipient!: string | null;

  /** `accepted`, or the stable code of the refusal. */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'record_time', type: 'timestamptz' })
  recordTime!: Date;

  @Column({ name: 'logged_at', type: 'timestamptz' })
  loggedAt!: Date;
}
