import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One published global configuration: its serial, validity and the digest of its signed bytes. */
@Entity({ name: 'configuration_version' })
export class ConfigurationVersion {
  /** bigint in PostgreSQL; read as a string by `pg`, so kept as one here. */
  @PrimaryColumn({ type: 'bigint' })
  version!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Hex SHA-256 of the canonical payload bytes that were signed. */
  @Column({ type: 'text' })
  sha256!: string;
}
