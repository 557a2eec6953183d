/**
 * Whether a dated entry of the calendar takes a day off work or puts one back:
 * - `HOLIDAY`: a weekday nobody works (a public holiday, the day off that compensates a holiday
 *   falling on a weekend, or the weekday given off in a swap);
 * - `WORKING_DAY`: a Saturday or Sunday worked instead (the other half of a swap, "làm bù").
 */
export type CalendarDayKind = 'HOLIDAY' | 'WORKING_DAY';

/** One dated entry of the working calendar. */
export interface CalendarDay {
  /** `YYYY-MM-DD`, a Vietnamese calendar date. */
  readonly date: string;
  readonly kind: CalendarDayKind;
  /** What it is, in Vietnamese (`Tết Nguyên đán`, `Nghỉ bù Giỗ Tổ Hùng Vương`, …). */
  readonly name: string;
  /** The text that fixes it (article of the Labour Code, the year's announcement). */
  readonly basis: string;
  /** True until the year's official announcement has been checked against it. */
  readonly provisional: boolean;
}

/** Vietnam is UTC+7 all year (no daylight saving since 1975). */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Vietnamese calendar date of an instant, `YYYY-MM-DD`. */
export function vietnamDateOf(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) {
    return false;
  }
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The working days of Vietnamese administrations: Monday to Friday, less the public holidays and
 * the days off the Government fixes each year, plus the weekend days it makes working days in a
 * swap. The dates are data (a table the operator keeps), not code: lunar holidays move every year
 * and the swaps are announced year by year.
 */
export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly workingWeekendDays = new Set<string>();
  /** Years with at least one entry: a year without any is not known to the calendar. */
  readonly years: ReadonlySet<number>;

  constructor(readonly days: readonly CalendarDay[]) {
    const years = new Set<number>();
    for (const day of days) {
      (day.kind === 'HOLIDAY' ? this.holidays : this.workingWeekendDays).add(day.date);
      years.add(Number(day.date.slice(0, 4)));
    }
    this.years = years;
  }

  /** A calendar of weekends only (tests, and a registry whose table is still empty). */
  static weekendsOnly(): WorkingCalendar {
    return new WorkingCalendar([]);
  }

  /** Whether `date` (`YYYY-MM-DD`) is a working day. */
  isWorkingDay(date: string): boolean {
    if (this.holidays.has(date)) {
      return false;
    }
    return !isWeekend(date) || this.workingWeekendDays.has(date);
  }

  /** Whether the calendar holds the dated entries of `year` (its holidays were entered). */
  knowsYear(year: number): boolean {
    return this.years.has(year);
  }

  /**
   * The end (23:59:59.999 Vietnam time) of the working day `days` working days after the day of
   * `from`. A dossier received on a day off counts from the next working day; 0 is the same
   * working day (the next one for a dossier received on a day off).
   */
  deadline(from: Date, days: number): Date {
    let day = vietnamDateOf(from);
    while (!this.isWorkingDay(day)) {
      day = addDays(day, 1);
    }
    for (let left = days; left > 0;) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) {
        left--;
      }
    }
    return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1 - VIETNAM_OFFSET_MS);
  }

  /** The working days from `from` to `to`, both included (`YYYY-MM-DD`). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) {
        count++;
      }
    }
    return count;
  }
}
