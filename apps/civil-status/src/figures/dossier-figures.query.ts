import type { DataSource } from 'typeorm';
import { DOSSIER_AGENCY, WHOLE_DOSSIER } from './dossier-figures.writer';

/** What a dashboard asks: a period of Vietnamese dates (both included) and an optional scope. */
export interface FiguresScope {
  /** `YYYY-MM-DD`, first day counted. */
  readonly from: string;
  /** `YYYY-MM-DD`, last day counted. */
  readonly to: string;
  /** One commune's dossiers (5-digit code). */
  readonly commune?: string;
  /** One agency's steps (`POP`, `INS`, …) instead of the dossiers as a whole. */
  readonly agency?: string;
  /** `BIRTH` or `DEATH`. */
  readonly procedure?: string;
}

/** Counts of a period: received, done (in time or late), refused, and the mean time to done. */
export interface PeriodCounts {
  readonly received: number;
  readonly done: number;
  readonly doneOnTime: number;
  /** `doneOnTime / done`, or null when nothing was done in the period. */
  readonly onTimeShare: number | null;
  readonly refused: number;
  /** Mean days from reception to done, or null. */
  readonly averageDaysToDone: number | null;
}

/** Where things stand now (not in the period): open dossiers or steps and those past deadline. */
export interface OpenCounts {
  readonly inProgress: number;
  readonly overdue: number;
}

/** A procedure's step (step '' = the dossier as a whole) with its counts. */
export interface StepFigures extends PeriodCounts, OpenCounts {
  readonly procedure: string;
  readonly step: string;
  readonly agency: string;
}

/** One ISO week (starting Monday) of the period. */
export interface WeekFigures extends PeriodCounts {
  readonly week: string;
}

/** A commune with its open dossiers (or steps of the agency) now. */
export interface CommuneFigures extends OpenCounts {
  readonly commune: string;
}

/** The dashboard of dossiers: totals, per procedure and step, per week, and communes. */
export interface DossierDashboard {
  readonly scope: FiguresScope;
  readonly generatedAt: string;
  readonly totals: PeriodCounts & OpenCounts;
  readonly steps: StepFigures[];
  readonly weeks: WeekFigures[];
  /** The communes with the most overdue, then open, dossiers (when no commune is chosen). */
  readonly communes: CommuneFigures[];
}

/** How many communes the dashboard ranks. */
export const COMMUNES_SHOWN = 20;

interface SumRow {
  received: string;
  done: string;
  done_on_time: string;
  refused: string;
  done_seconds: string;
}

/** The sums as read, before shares and means. */
interface RawCounts {
  readonly received: number;
  readonly done: number;
  readonly doneOnTime: number;
  readonly refused: number;
  readonly doneSeconds: number;
}

function raw(row: SumRow): RawCounts {
  return {
    received: Number(row.received),
    done: Number(row.done),
    doneOnTime: Number(row.done_on_time),
    refused: Number(row.refused),
    doneSeconds: Number(row.done_seconds),
  };
}

function counts({ received, done, doneOnTime, refused, doneSeconds }: RawCounts): PeriodCounts {
  return {
    received,
    done,
    doneOnTime,
    onTimeShare: done === 0 ? null : doneOnTime / done,
    refused,
    averageDaysToDone: done === 0 ? null : doneSeconds / done / 86_400,
  };
}

function total(rows: readonly RawCounts[]): RawCounts {
  const add = (pick: (r: RawCounts) => number) => rows.reduce((t, r) => t + pick(r), 0);
  return {
    received: add((r) => r.received),
    done: add((r) => r.done),
    doneOnTime: add((r) => r.doneOnTime),
    refused: add((r) => r.refused),
    doneSeconds: add((r) => r.doneSeconds),
  };
}

const SUMS = `sum(received) AS received, sum(done) AS done, sum(done_on_time) AS done_on_time,
  sum(refused) AS refused, sum(done_seconds) AS done_seconds`;

/** `[sql, params]` of a WHERE over the figure tables for a scope. */
function figuresWhere(scope: FiguresScope): [string, unknown[]] {
  const params: unknown[] = [scope.from, scope.to];
  const clauses = ['day BETWEEN $1::date AND $2::date'];
  if (scope.commune !== undefined) {
    params.push(scope.commune);
    clauses.push(`commune_code = $${params.length}`);
  }
  if (scope.procedure !== undefined) {
    params.push(scope.procedure);
    clauses.push(`procedure = $${params.length}`);
  }
  if (scope.agency !== undefined) {
    params.push(scope.agency);
    clauses.push(`agency = $${params.length} AND step <> '${WHOLE_DOSSIER}'`);
  }
  return [clauses.join(' AND '), params];
}

/**
 * The leaders' figures of dossiers, read from the summary tables the dossier changes maintain in
 * their own transactions (what was received, done, done on time and refused, per day) and, for
 * what stands open now, from the open dossiers and steps themselves (partial indexes keep that
 * to the open ones). A period of a year reads at most a few thousand summary rows office-wide,
 * a few hundred for a commune.
 */
export class DossierFiguresQuery {
  constructor(private readonly dataSource: DataSource) {}

  async dashboard(scope: FiguresScope, now = new Date()): Promise<DossierDashboard> {
    const table =
      scope.commune === undefined ? 'dossier_figures_daily' : 'dossier_figures_commune_daily';
    const [where, params] = figuresWhere(scope);
    // as a whole: the dossiers ('' rows), or the agency's steps
    const whole = scope.agency === undefined ? ` AND step = '${WHOLE_DOSSIER}'` : '';
    const [steps, weeks, open, openWhole, communes] = await Promise.all([
      this.dataSource.query<(SumRow & StepRow)[]>(
        `SELECT procedure, step, agency, ${SUMS} FROM ${table} WHERE ${where}
          GROUP BY procedure, step, agency`,
        params,
      ),
      this.dataSource.query<(SumRow & { week: string })[]>(
        `SELECT date_trunc('week', day)::date::text AS week, ${SUMS} FROM ${table}
          WHERE ${where}${whole} GROUP BY 1 ORDER BY 1`,
        params,
      ),
      this.openSteps(scope, now),
      this.openDossiers(scope, now),
      scope.commune === undefined ? this.communes(scope, now) : Promise.resolve([]),
    ]);
    const openOf = (procedure: string, step: string, agency: string): OpenCounts =>
      (step === WHOLE_DOSSIER
        ? openWhole.get(procedure)
        : open.get(`${procedure}|${step}|${agency}`)) ?? { inProgress: 0, overdue: 0 };
    const rawSteps = mergeOpen(
      steps.map((row) => ({ row, counts: raw(row) })),
      [
        ...open.keys(),
        ...(scope.agency === undefined
          ? [...openWhole.keys()].map((p) => `${p}|${WHOLE_DOSSIER}|${DOSSIER_AGENCY}`)
          : []),
      ],
    );
    // the totals: the dossiers as a whole, or all of the agency's steps
    const totalled = rawSteps.filter(
      ({ row }) => scope.agency !== undefined || row.step === WHOLE_DOSSIER,
    );
    const openNow = scope.agency === undefined ? [...openWhole.values()] : [...open.values()];
    return {
      scope,
      generatedAt: now.toISOString(),
      totals: {
        ...counts(total(totalled.map((s) => s.counts))),
        inProgress: openNow.reduce((t, o) => t + o.inProgress, 0),
        overdue: openNow.reduce((t, o) => t + o.overdue, 0),
      },
      steps: rawSteps.map(({ row, counts: c }) => ({
        procedure: row.procedure,
        step: row.step,
        agency: row.agency,
        ...counts(c),
        ...openOf(row.procedure, row.step, row.agency),
      })),
      weeks: weeks.map((row) => ({ week: row.week, ...counts(raw(row)) })),
      communes,
    };
  }

  /**
   * Open steps now, by procedure, step and agency: pending in a dossier still in progress (a
   * refused dossier's remaining steps are awaited no more), and those past their deadline.
   */
  private async openSteps(scope: FiguresScope, now: Date): Promise<Map<string, OpenCounts>> {
    const [filter, params] = openFilter(scope, now, 's.agency');
    const rows: { procedure: string; step: string; agency: string; open: string; late: string }[] =
      await this.dataSource.query(
        `SELECT d.procedure, s.step, s.agency, count(*) AS open,
                count(*) FILTER (WHERE s.due_at < $1) AS late
           FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
          WHERE s.status = 'PENDING' AND d.status = 'IN_PROGRESS'${filter}
          GROUP BY d.procedure, s.step, s.agency`,
        params,
      );
    return new Map(
      rows.map((r) => [
        `${r.procedure}|${r.step}|${r.agency}`,
        { inProgress: Number(r.open), overdue: Number(r.late) },
      ]),
    );
  }

  /** Open dossiers now, by procedure (overdue: one of its pending steps is past its deadline). */
  private async openDossiers(scope: FiguresScope, now: Date): Promise<Map<string, OpenCounts>> {
    const [filter, params] = openFilter({ ...scope, agency: undefined }, now, '');
    const rows: { procedure: string; open: string; late: string }[] = await this.dataSource.query(
      `SELECT d.procedure, count(*) AS open,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM dossier_steps s WHERE s.dossier_id = d.id AND s.status = 'PENDING'
                   AND s.due_at < $1)) AS late
         FROM dossiers d WHERE d.status = 'IN_PROGRESS'${filter}
        GROUP BY d.procedure`,
      params,
    );
    return new Map(
      rows.map((r) => [r.procedure, { inProgress: Number(r.open), overdue: Number(r.late) }]),
    );
  }

  /** The communes with the most overdue, then open, dossiers (or steps of the agency) now. */
  private async communes(scope: FiguresScope, now: Date): Promise<CommuneFigures[]> {
    const [filter, params] = openFilter(scope, now, 's.agency');
    const sql =
      scope.agency === undefined
        ? `SELECT d.commune_code AS commune, count(*) AS open,
                  count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM dossier_steps s WHERE s.dossier_id = d.id
                       AND s.status = 'PENDING' AND s.due_at < $1)) AS late
             FROM dossiers d WHERE d.status = 'IN_PROGRESS'${filter}
            GROUP BY d.commune_code`
        : `SELECT d.commune_code AS commune, count(*) AS open,
                  count(*) FILTER (WHERE s.due_at < $1) AS late
             FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
            WHERE s.status = 'PENDING' AND d.status = 'IN_PROGRESS'${filter}
            GROUP BY d.commune_code`;
    const rows: { commune: string; open: string; late: string }[] = await this.dataSource.query(
      `SELECT * FROM (${sql}) c ORDER BY late DESC, open DESC, commune LIMIT ${COMMUNES_SHOWN}`,
      params,
    );
    return rows.map((r) => ({
      commune: r.commune,
      inProgress: Number(r.open),
      overdue: Number(r.late),
    }));
  }
}

type StepRow = { procedure: string; step: string; agency: string };

const ZERO: RawCounts = { received: 0, done: 0, doneOnTime: 0, refused: 0, doneSeconds: 0 };

/**
 * The steps counted in the period, plus those with open items but nothing counted in the period
 * (a step pending since before it), each once, in procedure order with the dossier first.
 */
function mergeOpen(
  counted: { row: StepRow; counts: RawCounts }[],
  openKeys: readonly string[],
): { row: StepRow; counts: RawCounts }[] {
  const byKey = new Map(
    counted.map((c) => [`${c.row.procedure}|${c.row.step}|${c.row.agency}`, c]),
  );
  for (const key of openKeys) {
    if (!byKey.has(key)) {
      const [procedure = '', step = '', agency = ''] = key.split('|');
      byKey.set(key, { row: { procedure, step, agency }, counts: ZERO });
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.row.procedure.localeCompare(b.row.procedure) ||
      Number(b.row.step === WHOLE_DOSSIER) - Number(a.row.step === WHOLE_DOSSIER) ||
      a.row.step.localeCompare(b.row.step) ||
      a.row.agency.localeCompare(b.row.agency),
  );
}

/** `[sql, params]`: the scope's filters over open dossiers and steps; `$1` is now. */
function openFilter(scope: FiguresScope, now: Date, agencyColumn: string): [string, unknown[]] {
  const params: unknown[] = [now];
  let sql = '';
  if (scope.commune !== undefined) {
    params.push(scope.commune);
    sql += ` AND d.commune_code = $${params.length}`;
  }
  if (scope.procedure !== undefined) {
    params.push(scope.procedure);
    sql += ` AND d.procedure = $${params.length}`;
  }
  if (scope.agency !== undefined && agencyColumn !== '') {
    params.push(scope.agency);
    sql += ` AND ${agencyColumn} = $${params.length}`;
  }
  return [sql, params];
}
