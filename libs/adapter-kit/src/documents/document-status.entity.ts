import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { EdxmlStatusCode } from '@lienthong/edxml';

/** Whether a status was signed here or received from the other party. */
export type StatusOrigin = 'local' | 'remote';

/**
 * One entry of a recipient's status timeline of a document, with the signed message that carried
 * it, kept so that the status can be verified again offline. `recipientMember` names the
 * recipient whose copy the status is about.
 */
@Entity({ name: 'document_status' })
@Unique('uq_document_status_message', ['messageId'])
@Index('ix_document_status_document', ['documentRef', 'recipientMember', 'id'])
export class DocumentStatusRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'document_ref', type: 'uuid' })
  documentRef!: string;

  @Column({ name: 'recipient_member', type: 'varchar', length: 16 })
  recipientMember!: string;

  @Column({ type: 'char', length: 2 })
  code!: EdxmlStatusCode;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** On a 02 for a package that failed verification: the code of the first failed check. */
  @Column({ name: 'reason_code', type: 'varchar', length: 64, nullable: true })
  reasonCode!: string | null;

  @Column({ type: 'varchar', length: 8 })
  origin!: StatusOrigin;

  /** Officer who posted a local status. */
  @Column({ name: 'officer_id', type: 'varchar', length: 128, nullable: true })
  officerId!: string | null;

  /**
   * The signed status, byte for byte: the envelope body (canonical JSON) of a status:2 message,
   * whose detached JWS is `signature`; or, with `signature` null, an XMLDSig-signed edXML
   * package (a status:1 Status packet, or the revoking package that stands as a 13).
   */
  @Column({ name: 'package', type: 'bytea' })
  packageBytes!: Buffer;

  /**
   * The detached JWS (docs/protocol.md §4) over `packageBytes` when they are an envelope body:
   * with the signer's certificate from the global configuration, the status verifies offline.
   */
  @Column({ type: 'text', nullable: true })
  signature!: string | null;

  /** Envelope id of the status message (sent or received): a redelivery is not recorded twice. */
  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
