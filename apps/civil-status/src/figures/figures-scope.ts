import { isCalendarDate, vietnamDateOf } from '../calendar/working-calendar';
import type { FiguresScope } from './dossier-figures.query';
import { StatisticsError } from './statistics.errors';

/** The longest period one dashboard reads: two years. */
export const MAX_PERIOD_DAYS = 732;

/** The default period: the last twelve weeks, today included. */
export const DEFAULT_PERIOD_DAYS = 84;

const invalid = (parameter: string, rule: string) =>
  new StatisticsError('STATISTICS_QUERY_INVALID', `${parameter} must be ${rule}`, {
    details: { parameter },
  });

function single(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(name, 'given at most once');
  }
  return value;
}

function date(name: string, value: string): string {
  if (!isCalendarDate(value)) {
    throw invalid(name, 'a date YYYY-MM-DD');
  }
  return value;
}

function match(name: string, value: string | undefined, rule: RegExp, says: string) {
  if (value !== undefined && !rule.test(value)) {
    throw invalid(name, says);
  }
  return value;
}

/** The scope of a dashboard from its query string; the last 12 weeks by default. */
export function parseFiguresScope(
  query: Readonly<Record<string, unknown>>,
  now = new Date(),
): FiguresScope {
  const today = vietnamDateOf(now);
  const to = date('to', single(query, 'to') ?? today);
  const defaultFrom = vietnamDateOf(
    new Date(Date.parse(`${to}T12:00:00Z`) - (DEFAULT_PERIOD_DAYS - 1) * 86_400_000),
  );
  const from = date('from', single(query, 'from') ?? defaultFrom);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0 || days >= MAX_PERIOD_DAYS) {
    throw invalid('from', `on or before to, at most ${MAX_PERIOD_DAYS} days before it`);
  }
  const commune = match(
    'commune',
    single(query, 'commune'),
    /^[0-9]{5}$/,
    'a 5-digit commune code',
  );
  const agency = match('agency', single(query, 'agency'), /^[A-Z][A-Z0-9]{1,15}$/, 'a member code');
  const procedure = match(
    'procedure',
    single(query, 'procedure'),
    /^(BIRTH|DEATH)$/,
    'BIRTH or DEATH',
  );
  return {
    from,
    to,
    ...(commune !== undefined ? { commune } : {}),
    ...(agency !== undefined ? { agency } : {}),
    ...(procedure !== undefined ? { procedure } : {}),
  };
}
