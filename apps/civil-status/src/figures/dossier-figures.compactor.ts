import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inTransaction } from '@lienthong/persistence';

/** How often the deltas are folded into the daily figures. */
export const COMPACT_INTERVAL_MS = 15_000;

const COUNTERS = `sum(received)::int, sum(done)::int, sum(done_on_time)::int, sum(refused)::int,
  sum(done_seconds)::bigint`;

const ADD = `received = f.received + EXCLUDED.received, done = f.done + EXCLUDED.done,
  done_on_time = f.done_on_time + EXCLUDED.done_on_time, refused = f.refused + EXCLUDED.refused,
  done_seconds = f.done_seconds + EXCLUDED.done_seconds`;

/**
 * One statement: the deltas it deletes are the deltas it adds, to both tables, in the same
 * transaction, so a reader (who sums the tables and the deltas left) sees the figures before or
 * after, never half. A delta of a transaction not yet committed is invisible here and stays for
 * the next round; each delta is deleted, and so counted, exactly once.
 */
const FOLD = `
  WITH moved AS (DELETE FROM dossier_figure_deltas RETURNING *),
  office AS (
    INSERT INTO dossier_figures_daily AS f
      (day, procedure, step, agency, received, done, done_on_time, refused, done_seconds)
    SELECT day, procedure, step, agency, ${COUNTERS} FROM moved
     GROUP BY day, procedure, step, agency
    ON CONFLICT (day, procedure, step, agency) DO UPDATE SET ${ADD}),
  communes AS (
    INSERT INTO dossier_figures_commune_daily AS f
      (commune_code, day, procedure, step, agency, received, done, done_on_time, refused,
       done_seconds)
    SELECT commune_code, day, procedure, step, agency, ${COUNTERS} FROM moved
     GROUP BY commune_code, day, procedure, step, agency
    ON CONFLICT (commune_code, day, procedure, step, agency) DO UPDATE SET ${ADD})
  SELECT count(*) AS count FROM moved`;

/**
 * Folds the dossier figure deltas into the daily figures, every {@link COMPACT_INTERVAL_MS}. The
 * compactors of several replicas take turns (a transaction-level advisory lock per schema): the
 * summary rows have one writer at a time, so nothing ever waits on them but this.
 */
export class DossierFiguresCompactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly intervalMs = COMPACT_INTERVAL_MS,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.compact().catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Folds what is there now; resolves with how many deltas it folded (0 if another replica is). */
  compact(): Promise<number> {
    this.running ??= this.fold().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private fold(): Promise<number> {
    return inTransaction(this.dataSource, async (manager) => {
      const [lock] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.dossier_figures')) AS locked`,
      );
      if (lock?.locked !== true) {
        return 0;
      }
      const [folded] = await manager.query<{ count: string }[]>(FOLD);
      return Number(folded?.count ?? 0);
    });
  }
}
