import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Lifecycle state of an issued certificate. */
export type CertificateStatus = 'active' | 'revoked';

/** RFC 5280 CRLReason values the global configuration accepts. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const;

/** One of {@link REVOCATION_REASONS}. */
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** A member signing certificate issued by the bus CA; a revoked row is its revocation record. */
@Entity({ name: 'certificate' })
export class Certificate {
  /** base64url SHA-256 of the DER: the JWS `kid`. */
  @PrimaryColumn({ type: 'text' })
  thumbprint!: string;

  @Column({ name: 'member_code', type: 'text' })
  memberCode!: string;

  @Column({ name: 'subsystem_code', type: 'text' })
  subsystemCode!: string;

  /** Lower-case hex without leading zeros. */
  @Column({ name: 'serial_number', type: 'text' })
  serialNumber!: string;

  @Column({ type: 'text' })
  pem!: string;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore!: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter!: Date;

  @Column({ type: 'text' })
  status!: CertificateStatus;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason!: RevocationReason | null;

  /** The operator (token subject) who revoked it; null before this was recorded. */
  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy!: string | null;

  /** The operator's own words on why (kept in the registry, not published). */
  @Column({ name: 'revocation_note', type: 'text', nullable: true })
  revocationNote!: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
