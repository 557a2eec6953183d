import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One version of a look-up a provider subsystem serves. */
@Entity({ name: 'service' })
export class Service {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'provider_member', type: 'text' })
  providerMember!: string;

  @Column({ name: 'provider_subsystem', type: 'text' })
  providerSubsystem!: string;

  /** `$id` of the request payload schema. */
  @Column({ name: 'request_type', type: 'text' })
  requestType!: string;

  /** `$id` of the response payload schema. */
  @Column({ name: 'response_type', type: 'text' })
  responseType!: string;

  @Column({ type: 'text' })
  title!: string;

  /** The response fields a consumer may be granted. */
  @Column({ type: 'text', array: true })
  fields!: string[];

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
