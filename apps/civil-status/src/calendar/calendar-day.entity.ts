import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarDayKind } from './working-calendar';

/** A dated entry of the working calendar (a day off, or a weekend day worked instead). */
@Entity({ name: 'calendar_days' })
export class CalendarDayRow {
  /** `YYYY-MM-DD` (PostgreSQL `date`, read as text). */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'varchar', length: 12 })
  kind!: CalendarDayKind;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The text that fixes the day (an article of the Labour Code, the year's announcement). */
  @Column({ type: 'varchar', length: 300 })
  basis!: string;

  /** True until the year's official announcement has been checked. */
  @Column({ type: 'boolean', default: false })
  provisional!: boolean;

  /** Who entered or last changed the day (`migration` for the shipped rows). */
  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
