import type { EntityManager } from 'typeorm';

/** The agency a dossier as a whole belongs to: the office that received it. */
export const DOSSIER_AGENCY = 'CIV';

/** The `step` of the figures that count dossiers as a whole rather than one of their steps. */
export const WHOLE_DOSSIER = '';

/** The Vietnamese calendar date of a timestamptz expression (UTC+7, no daylight saving). */
export const vnDate = (expression: string) =>
  `((${expression} AT TIME ZONE 'UTC') + interval '7 hours')::date`;

const SUMS = `sum(received)::int, sum(done)::int, sum(on_time)::int, sum(refused)::int, sum(secs)::bigint`;

const ADD_COUNTERS = `received = f.received + EXCLUDED.received, done = f.done + EXCLUDED.done,
  done_on_time = f.done_on_time + EXCLUDED.done_on_time, refused = f.refused + EXCLUDED.refused,
  done_seconds = f.done_seconds + EXCLUDED.done_seconds`;

/**
 * The two statements that add `facts` (a SELECT of commune_code, day, procedure, step, agency,
 * received, done, on_time, refused, secs: one row per counted event) to the office-wide and
 * the per-commune figures. Rows are upserted in key order so that two transactions counting into
 * the same rows lock them in the same order; every caller counts steps before whole dossiers and
 * the office-wide table before the commune one, which keeps that order across statements too.
 */
function upsertFigures(facts: string): [string, string] {
  return [
    `INSERT INTO dossier_figures_daily AS f
       (day, procedure, step, agency, received, done, done_on_time, refused, done_seconds)
     SELECT day, procedure, step, agency, ${SUMS} FROM (${facts}) x
      GROUP BY day, procedure, step, agency ORDER BY day, procedure, step, agency
     ON CONFLICT (day, procedure, step, agency) DO UPDATE SET ${ADD_COUNTERS}`,
    `INSERT INTO dossier_figures_commune_daily AS f
       (commune_code, day, procedure, step, agency, received, done, done_on_time, refused,
        done_seconds)
     SELECT commune_code, day, procedure, step, agency, ${SUMS} FROM (${facts}) x
      GROUP BY commune_code, day, procedure, step, agency
      ORDER BY commune_code, day, procedure, step, agency
     ON CONFLICT (commune_code, day, procedure, step, agency) DO UPDATE SET ${ADD_COUNTERS}`,
  ];
}

async function add(manager: EntityManager, facts: string, params: unknown[]): Promise<void> {
  for (const statement of upsertFigures(facts)) {
    await manager.query(statement, params);
  }
}

/**
 * Keeps the leaders' figures (tables `dossier_figures_daily` and `dossier_figures_commune_daily`)
 * in step with the dossiers: every method runs inside the transaction of the change it counts, so
 * a figure exists exactly when its change committed and the two can never drift apart.
 */
export class DossierFiguresWriter {
  /** A dossier was received: it and each of its steps count as received on that day. */
  async opened(
    manager: EntityManager,
    dossier: { id: string; procedure: string; communeCode: string; receivedAt: Date },
  ): Promise<void> {
    const stepFacts = `
      SELECT $2::varchar AS commune_code, ${vnDate('$3::timestamptz')} AS day,
             $4::varchar AS procedure, s.step, s.agency, 1 AS received,
             (s.status = 'DONE')::int AS done,
             (s.status = 'DONE' AND s.done_at <= s.due_at)::int AS on_time, 0 AS refused,
             CASE WHEN s.status = 'DONE' THEN extract(epoch FROM s.done_at - $3::timestamptz)
                  ELSE 0 END::bigint AS secs
        FROM dossier_steps s WHERE s.dossier_id = $1`;
    const params = [dossier.id, dossier.communeCode, dossier.receivedAt, dossier.procedure];
    await add(manager, stepFacts, params);
    const dossierFacts = `
      SELECT $2::varchar AS commune_code, ${vnDate('$3::timestamptz')} AS day,
             $4::varchar AS procedure, '${WHOLE_DOSSIER}'::varchar AS step,
             '${DOSSIER_AGENCY}'::varchar AS agency, 1 AS received, 0 AS done, 0 AS on_time,
             0 AS refused, 0::bigint AS secs
        WHERE $1::uuid IS NOT NULL`;
    await add(manager, dossierFacts, params);
  }

  /**
   * Steps were settled: `stepKeys` names them (dossier id, step), as they stand after the change.
   * Each counts on the day it was done: done, on time when by its deadline, or refused.
   */
  async stepsSettled(
    manager: EntityManager,
    steps: readonly { dossierId: string; step: string }[],
  ): Promise<void> {
    if (steps.length === 0) {
      return;
    }
    const facts = `
      SELECT d.commune_code, ${vnDate('s.done_at')} AS day, d.procedure, s.step, s.agency,
             0 AS received, (s.status = 'DONE')::int AS done,
             (s.status = 'DONE' AND s.done_at <= s.due_at)::int AS on_time,
             (s.status = 'REFUSED')::int AS refused,
             CASE WHEN s.status = 'DONE' THEN extract(epoch FROM s.done_at - d.received_at)
                  ELSE 0 END::bigint AS secs
        FROM unnest($1::uuid[], $2::varchar[]) AS k(dossier_id, step)
        JOIN dossier_steps s ON s.dossier_id = k.dossier_id AND s.step = k.step
        JOIN dossiers d ON d.id = s.dossier_id`;
    await add(manager, facts, [steps.map((s) => s.dossierId), steps.map((s) => s.step)]);
  }

  /**
   * Dossiers were closed (completed or refused): each counts on the day it closed; a completed
   * one is on time when it closed by the latest deadline of its steps.
   */
  async dossiersClosed(manager: EntityManager, dossierIds: readonly string[]): Promise<void> {
    if (dossierIds.length === 0) {
      return;
    }
    const facts = `
      SELECT d.commune_code, ${vnDate('d.completed_at')} AS day, d.procedure,
             '${WHOLE_DOSSIER}'::varchar AS step, '${DOSSIER_AGENCY}'::varchar AS agency,
             0 AS received, (d.status = 'COMPLETED')::int AS done,
             (d.status = 'COMPLETED' AND d.completed_at <= (
               SELECT max(s.due_at) FROM dossier_steps s WHERE s.dossier_id = d.id))::int AS on_time,
             (d.status = 'REFUSED')::int AS refused,
             CASE WHEN d.status = 'COMPLETED' THEN extract(epoch FROM d.completed_at - d.received_at)
                  ELSE 0 END::bigint AS secs
        FROM dossiers d WHERE d.id = ANY($1::uuid[])`;
    await add(manager, facts, [dossierIds]);
  }
}
