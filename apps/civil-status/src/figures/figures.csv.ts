import { stringify } from 'csv-stringify/sync';
import type { DossierDashboard, OpenCounts, PeriodCounts } from './dossier-figures.query';
import { WHOLE_DOSSIER } from './dossier-figures.writer';

const COLUMNS = [
  'section',
  'period_from',
  'period_to',
  'commune',
  'week',
  'procedure',
  'step',
  'agency',
  'received',
  'done',
  'done_on_time',
  'on_time_share',
  'refused',
  'average_days_to_done',
  'in_progress',
  'overdue',
] as const;

type Row = Partial<Record<(typeof COLUMNS)[number], string | number | null>>;

const period = (c: PeriodCounts): Row => ({
  received: c.received,
  done: c.done,
  done_on_time: c.doneOnTime,
  on_time_share: c.onTimeShare === null ? null : c.onTimeShare.toFixed(4),
  refused: c.refused,
  average_days_to_done: c.averageDaysToDone === null ? null : c.averageDaysToDone.toFixed(2),
});

const open = (c: OpenCounts): Row => ({ in_progress: c.inProgress, overdue: c.overdue });

/**
 * The dashboard as one CSV table (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet
 * programs read Vietnamese names right): a `section` column tells the totals, the rows per
 * procedure and step (`step` empty: the dossier as a whole), per week and per commune apart.
 */
export function dashboardCsv(dashboard: DossierDashboard): string {
  const { scope } = dashboard;
  const base: Row = {
    period_from: scope.from,
    period_to: scope.to,
    commune: scope.commune ?? '',
    agency: scope.agency ?? '',
    procedure: scope.procedure ?? '',
  };
  const rows: Row[] = [
    { section: 'total', ...base, ...period(dashboard.totals), ...open(dashboard.totals) },
    ...dashboard.steps.map((s) => ({
      section: s.step === WHOLE_DOSSIER ? 'dossier' : 'step',
      ...base,
      procedure: s.procedure,
      step: s.step,
      agency: s.agency,
      ...period(s),
      ...open(s),
    })),
    ...dashboard.weeks.map((w) => ({ section: 'week', ...base, week: w.week, ...period(w) })),
    ...dashboard.communes.map((c) => ({
      section: 'commune',
      ...base,
      commune: c.commune,
      ...open(c),
    })),
  ];
  return `\uFEFF${stringify(rows, { header: true, columns: [...COLUMNS], record_delimiter: 'windows' })}`;
}
