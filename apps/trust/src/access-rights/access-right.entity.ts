import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
