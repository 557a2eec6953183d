import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A legal basis a right allows: its stable code and the citation of its text. */
export interface LegalBasis {
  readonly code: string;
  readonly citation: string;
}

/** Procedure code → the legal bases allowed for it. */
export type LegalBasesByPurpose = Record<string, LegalBasis[]>;

/** A consumer subsystem's right to call a service, for some purposes, seeing some fields. */
@Entity({ name: 'access_right' })
export class AccessRight {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'consumer_member', type: 'text' })
  consumerMember!: string;

  @Column({ name: 'consumer_subsystem', type: 'text' })
  consumerSubsystem!: string;

  @Column({ name: 'service_code', type: 'text' })
  serviceCode!: string;

  /** Procedure (TTHC) codes the consumer may invoke the service for. */
  @Column({ type: 'text', array: true })
  purposes!: string[];

  /** Granted response fields, a subset of the service's fields. */
  @Column({ type: 'text', array: true })
  fields!: string[];

  /** For each purpose, the legal bases a request for it may cite (none: every request refused). */
  @Column({ name: 'legal_bases', type: 'jsonb', default: () => "'{}'::jsonb" })
  legalBases!: LegalBasesByPurpose;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
