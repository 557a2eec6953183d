import type { CalendarRepository } from './calendar.repository';
import { WorkingCalendar } from './working-calendar';

/** How long a replica trusts the calendar it read before reading it again. */
const FRESH_MS = 60_000;

/**
 * The working calendar as this replica knows it: read from the table when first needed, again
 * once a minute (another replica may have changed it) and at once after a change made here.
 */
export class WorkingCalendarSource {
  private cached: { calendar: WorkingCalendar; readAt: number } | undefined;
  private reading: Promise<WorkingCalendar> | undefined;

  constructor(
    private readonly repository: CalendarRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /** The calendar, read again when older than a minute. */
  async current(): Promise<WorkingCalendar> {
    if (this.cached !== undefined && this.now() - this.cached.readAt < FRESH_MS) {
      return this.cached.calendar;
    }
    this.reading ??= this.repository
      .all({})
      .then((days) => {
        const calendar = new WorkingCalendar(days);
        this.cached = { calendar, readAt: this.now() };
        return calendar;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  /** Forgets the cached calendar (after a change made by this replica). */
  invalidate(): void {
    this.cached = undefined;
  }
}
