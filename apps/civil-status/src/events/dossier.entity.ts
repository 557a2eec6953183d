import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where an interconnected procedure stands as a whole. */
export type DossierStatus = 'IN_PROGRESS' | 'COMPLETED' | 'REFUSED';

/** Where one agency's step stands. */
export type StepStatus = 'PENDING' | 'DONE' | 'REFUSED';

/**
 * One interconnected procedure (liên thông TTHC) a commune officer started: its id is the
 * correlation id of every event of the chain, so each agency's step finds its way back here.
 */
@Entity({ name: 'dossiers' })
export class Dossier {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** `BIRTH` (group 1) or `DEATH` (group 2). */
  @Column({ type: 'varchar', length: 10 })
  procedure!: 'BIRTH' | 'DEATH';

  @Column({ type: 'varchar', length: 12 })
  status!: DossierStatus;

  /** The birth or death registration this dossier began with. */
  @Column({ name: 'registration_id', type: 'bigint' })
  registrationId!: string;

  @Column({ name: 'officer_id', type: 'varchar', length: 64 })
  officerId!: string;

  /** The commune (5-digit code) whose office received the dossier; '' for none recorded. */
  @Column({ name: 'commune_code', type: 'varchar', length: 5 })
  communeCode!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

/** One agency's step of a dossier, with its statutory deadline. */
@Entity({ name: 'dossier_steps' })
export class DossierStep {
  @PrimaryColumn({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  /** e.g. `PERSONAL_ID`, `HEALTH_INSURANCE_CARD`. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  step!: string;

  /** Member responsible, e.g. `POP`. */
  @Column({ type: 'varchar', length: 16 })
  agency!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: StepStatus;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  /** The event that completed or refused the step. */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  code!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;
}
