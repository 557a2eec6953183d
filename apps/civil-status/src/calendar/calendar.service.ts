import type { TransactionalContext, TransactionRunner } from '@lienthong/persistence';
import type { DossierRepository } from '../events/dossier.repository';
import { CalendarError } from './calendar.errors';
import type { CalendarDayView, CalendarRepository } from './calendar.repository';
import { isCalendarDate, WorkingCalendar, type CalendarDay } from './working-calendar';
import type { WorkingCalendarSource } from './working-calendar.source';

/** What a change of the calendar did: the entry, and how many pending deadlines moved. */
export interface CalendarChange {
  readonly day: CalendarDayView;
  readonly deadlinesMoved: number;
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function text(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

/** Checks an entry as the operator sends it (`PUT /v1/calendar/days/{date}`). */
export function parseCalendarDay(date: string, body: unknown): CalendarDay {
  const b = (body ?? {}) as Record<string, unknown>;
  const kind = b['kind'];
  const valid =
    isCalendarDate(date) &&
    (kind === 'HOLIDAY' || kind === 'WORKING_DAY') &&
    // a holiday on a weekend or a "working" weekday would change nothing: a typo, refused
    (kind === 'HOLIDAY') !== isWeekend(date) &&
    text(b['name'], 200) &&
    text(b['basis'], 300) &&
    (b['provisional'] === undefined || typeof b['provisional'] === 'boolean');
  if (!valid) {
    throw new CalendarError(
      'CALENDAR_DAY_INVALID',
      'give kind HOLIDAY (a weekday off) or WORKING_DAY (a weekend day worked), a name (≤ 200) and the legal basis (≤ 300)',
      { details: { date } },
    );
  }
  return {
    date,
    kind,
    name: (b['name'] as string).trim(),
    basis: (b['basis'] as string).trim(),
    provisional: b['provisional'] === true,
  };
}

/**
 * The operator's changes to the working calendar. A change and the deadlines it moves (pending
 * steps whose count of working days crosses the date) commit together; this replica then reads
 * the calendar again, the others within a minute.
 */
export class CalendarService {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly days: CalendarRepository,
    private readonly dossiers: DossierRepository,
    private readonly source: WorkingCalendarSource,
  ) {}

  /** The entries of `year`, or all of them. */
  list(year?: number): Promise<CalendarDayView[]> {
    return year === undefined ? this.days.all({}) : this.days.ofYear({}, year);
  }

  /** Enters or replaces one day. */
  async put(day: CalendarDay, by: string): Promise<CalendarChange> {
    return this.change(day.date, async (tx) => this.days.put(tx, day, by));
  }

  /** Removes one day; CALENDAR_DAY_NOT_FOUND when the calendar has no entry for it. */
  async remove(date: string): Promise<CalendarChange> {
    if (!isCalendarDate(date)) {
      throw new CalendarError('CALENDAR_DAY_INVALID', 'the date must be YYYY-MM-DD', {
        details: { date },
      });
    }
    return this.change(date, async (tx) => {
      const removed = await this.days.remove(tx, date);
      if (removed === undefined) {
        throw new CalendarError('CALENDAR_DAY_NOT_FOUND', `no calendar entry for ${date}`, {
          details: { date },
        });
      }
      return removed;
    });
  }

  private async change(
    date: string,
    apply: (tx: TransactionalContext) => Promise<CalendarDayView>,
  ): Promise<CalendarChange> {
    const result = await this.runner.run({}, async (tx) => {
      const day = await apply(tx);
      const calendar = new WorkingCalendar(await this.days.all(tx));
      const deadlinesMoved = await this.dossiers.rescheduleDeadlines(tx, calendar, date);
      return { day, deadlinesMoved };
    });
    this.source.invalidate();
    return result;
  }
}
