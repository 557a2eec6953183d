import { Between } from 'typeorm';
import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import { CalendarDayRow } from './calendar-day.entity';
import type { CalendarDay } from './working-calendar';

/** An entry as the API shows it: the day and who entered it, when. */
export interface CalendarDayView extends CalendarDay {
  readonly updatedBy: string;
  readonly updatedAt: string;
}

function toView(row: CalendarDayRow): CalendarDayView {
  return {
    date: row.day,
    kind: row.kind,
    name: row.name,
    basis: row.basis,
    provisional: row.provisional,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The dated entries of the working calendar (table `calendar_days`); `ctx` first (style G14). */
export class CalendarRepository {
  constructor(private readonly runner: TransactionRunner) {}

  /** Every entry, oldest first. */
  async all(ctx: PersistenceContext): Promise<CalendarDayView[]> {
    const rows = await this.runner.repository(ctx, CalendarDayRow).find({ order: { day: 'ASC' } });
    return rows.map(toView);
  }

  /** The entries of one year, oldest first. */
  async ofYear(ctx: PersistenceContext, year: number): Promise<CalendarDayView[]> {
    const rows = await this.runner.repository(ctx, CalendarDayRow).find({
      where: { day: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { day: 'ASC' },
    });
    return rows.map(toView);
  }

  /** Enters or replaces the entry of `day.date`; returns it as stored. */
  async put(ctx: PersistenceContext, day: CalendarDay, by: string): Promise<CalendarDayView> {
    const repository = this.runner.repository(ctx, CalendarDayRow);
    await repository.upsert(
      {
        day: day.date,
        kind: day.kind,
        name: day.name,
        basis: day.basis,
        provisional: day.provisional,
        updatedBy: by,
        updatedAt: new Date(),
      },
      ['day'],
    );
    return toView(await repository.findOneByOrFail({ day: day.date }));
  }

  /** Removes the entry of `date`; the removed entry, or undefined when there was none. */
  async remove(ctx: PersistenceContext, date: string): Promise<CalendarDayView | undefined> {
    const repository = this.runner.repository(ctx, CalendarDayRow);
    const row = await repository.findOneBy({ day: date });
    if (row === null) {
      return undefined;
    }
    await repository.delete({ day: date });
    return toView(row);
  }
}
