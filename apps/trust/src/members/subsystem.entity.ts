import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One information system of a member (`POP/registry`); certificates are issued per subsystem. */
@Entity({ name: 'subsystem' })
export class Subsystem {
  @PrimaryColumn({ name: 'member_code', type: 'text' })
  memberCode!: string;

  @PrimaryColumn({ type: 'text' })
  code!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
