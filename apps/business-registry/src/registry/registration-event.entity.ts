import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Kind of an entry in an enterprise's registration history. */
export type RegistrationEventKind = 'FOUNDED' | 'AMENDED' | 'SUSPENDED' | 'RESUMED' | 'DISSOLVED';

/** One entry of an enterprise's registration history, numbered from 1 per enterprise. */
@Entity({ name: 'registration_events' })
export class RegistrationEvent {
  @PrimaryColumn({ name: 'enterprise_code', type: 'varchar', length: 14 })
  enterpriseCode!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: RegistrationEventKind;

  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  description!: string | null;
}
