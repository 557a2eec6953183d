import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change of rights an operator published: who, when, why, what, and the diff it made. */
@Entity({ name: 'configuration_change' })
export class ConfigurationChangeRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The operator (token subject) who published it. */
  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  /** The operator's words on why. */
  @Column({ type: 'text' })
  summary!: string;

  /** The change list as sent (grants and withdrawals). */
  @Column({ type: 'jsonb' })
  changes!: unknown[];

  /** The readable diff against the signed configuration current when it was applied. */
  @Column({ type: 'jsonb' })
  diff!: unknown[];

  /** The configuration version first published with it; null while its publish is pending. */
  @Column({ type: 'bigint', nullable: true })
  version!: string | null;
}
