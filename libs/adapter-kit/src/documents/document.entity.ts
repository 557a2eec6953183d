import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type {
  BusinessDocType,
  EdxmlBusiness,
  EdxmlHeader,
  EdxmlManifestEntry,
  EdxmlTraceHop,
} from '@lienthong/edxml';

/** Which way a document went: sent by this agency, or received by it. */
export type DocumentDirection = 'outgoing' | 'incoming';

/** Whether this copy is still the valid document (NĐ 30/2020 Art. 18(4)(b) for revocation). */
export type DocumentAvailability = 'valid' | 'revoked' | 'replaced' | 'updated' | 'taken-back';

/** One party a document is addressed to. */
export interface DocumentRecipient {
  readonly member: string;
  readonly subsystem: string;
  readonly organId: string;
}

/** The business values of a package, as read from its verified (or our own signed) content. */
export interface DocumentMetadata {
  readonly header: EdxmlHeader;
  readonly business: EdxmlBusiness;
  readonly manifest: readonly EdxmlManifestEntry[];
  readonly trace: readonly EdxmlTraceHop[];
}

/** The outcome of verifying a received package (always valid for stored documents). */
export interface DocumentVerification {
  readonly valid: true;
  readonly verifiedAt: string;
  /** XMLDSig SignatureMethod URI. */
  readonly algorithm: string;
  /** SHA-256 (hex) of the signer's registered certificate. */
  readonly signerCertificateSha256: string;
  readonly legacyAlgorithm: boolean;
  /** Attachments fetched from the object store and matched to the manifest digests. */
  readonly attachmentsChecked: number;
}

/**
 * An official document held by this agency: the signed edXML package byte for byte, its
 * metadata, and (incoming) the verification result. Quarantined packages never land here.
 */
@Entity({ name: 'document' })
@Unique('uq_document_delivery', ['senderMember', 'deliveryId'])
@Index('ix_document_direction_created', ['direction', 'createdAt'])
@Index('ix_document_document_id', ['documentId'])
export class DocumentRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 8 })
  direction!: DocumentDirection;

  /** edXML DocumentId. */
  @Column({ name: 'document_id', type: 'varchar', length: 300 })
  documentId!: string;

  @Column({ name: 'business_type', type: 'varchar', length: 8 })
  businessType!: BusinessDocType;

  /** Our record of the document a revoke, update or replace package affects. */
  @Column({ name: 'target_ref', type: 'uuid', nullable: true })
  targetRef!: string | null;

  @Column({ name: 'sender_member', type: 'varchar', length: 16 })
  senderMember!: string;

  @Column({ name: 'sender_organ_id', type: 'varchar', length: 64 })
  senderOrganId!: string;

  @Column({ type: 'jsonb' })
  recipients!: DocumentRecipient[];

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'promulgation_date', type: 'date' })
  promulgationDate!: string;

  @Column({ type: 'jsonb' })
  metadata!: DocumentMetadata;

  /** The signed package exactly as signed (outgoing) or received (incoming). */
  @Column({ name: 'package', type: 'bytea' })
  packageBytes!: Buffer;

  @Column({ name: 'package_sha256', type: 'char', length: 64 })
  packageSha256!: string;

  @Column({ type: 'jsonb', nullable: true })
  verification!: DocumentVerification | null;

  /** Envelope id of the delivery (incoming); a redelivery finds it and is not stored twice. */
  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId!: string | null;

  @Column({ type: 'varchar', length: 12 })
  availability!: DocumentAvailability;

  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
