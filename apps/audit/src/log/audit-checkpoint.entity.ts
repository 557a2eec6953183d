import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A checkpoint the log signed, kept with its exact signed body so it can be handed out again. */
@Entity({ name: 'audit_checkpoint' })
export class AuditCheckpointRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'tree_size', type: 'bigint' })
  treeSize!: string;

  @Column({ name: 'root_hash', type: 'bytea' })
  rootHash!: Buffer;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text' })
  alg!: string;

  @Column({ type: 'text' })
  kid!: string;

  @Column({ type: 'bytea' })
  signature!: Buffer;
}
