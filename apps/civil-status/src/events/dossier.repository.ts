import type { WebhookOutbox } from '@lienthong/adapter-kit';
import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { WorkingCalendarSource } from '../calendar/working-calendar.source';
import { DossierFiguresWriter, vnDate } from '../figures/dossier-figures.writer';
import { stepPlanOf, type StepPlan } from './deadlines';
import { Dossier, DossierStep } from './dossier.entity';

/** Who a dossier is about: the child of a birth, the deceased of a death. */
export interface DossierSubject {
  readonly personalId: string | null;
  readonly fullName: string;
}

/** A dossier in a list: where it stands, without its steps. */
export interface DossierSummary {
  readonly id: string;
  readonly procedure: Dossier['procedure'];
  readonly status: Dossier['status'];
  readonly communeCode: string;
  readonly receivedAt: string;
  readonly completedAt: string | null;
  readonly overdue: boolean;
  /** Steps done, of all steps. */
  readonly stepsDone: number;
  readonly stepsTotal: number;
  readonly subject: DossierSubject | null;
}

/** Which dossiers {@link DossierRepository.list} returns; dates are Vietnam calendar days. */
export interface DossierFilter {
  readonly status?: Dossier['status'];
  readonly procedure?: Dossier['procedure'];
  readonly overdue?: boolean;
  /** Received on or after this day (YYYY-MM-DD). */
  readonly from?: string;
  /** Received on or before this day (YYYY-MM-DD). */
  readonly to?: string;
  /** Only dossiers this person is a party of (parent, child, deceased, declarant). */
  readonly party?: string;
  /** Only dossiers received before this one (the `next` of the previous page). */
  readonly after?: { readonly receivedAt: string; readonly id: string };
  readonly limit: number;
}

/** A dossier with its steps, as the officer sees it. */
export interface DossierView {
  readonly id: string;
  readonly procedure: Dossier['procedure'];
  readonly status: Dossier['status'];
  readonly communeCode: string;
  readonly receivedAt: string;
  readonly completedAt: string | null;
  readonly overdue: boolean;
  /** The commune officer who received the dossier (the first step). */
  readonly officerId: string;
  readonly subject: DossierSubject | null;
  readonly steps: readonly {
    readonly step: string;
    readonly agency: string;
    readonly status: DossierStep['status'];
    readonly dueAt: string;
    readonly doneAt: string | null;
    readonly overdue: boolean;
    readonly eventId: string | null;
    readonly code: string | null;
    readonly reason: string | null;
  }[];
}

/** One step to settle by {@link DossierRepository.settleMany}. */
export interface StepSettlement {
  readonly dossierId: string;
  readonly step: string;
  readonly status: 'DONE' | 'REFUSED';
  readonly eventId: string;
  readonly code?: string;
  readonly reason?: string;
}

/**
 * Dossiers of interconnected procedures and their steps; `ctx` first (style G14). Every change is
 * counted in the leaders' figures within its own transaction (DossierFiguresWriter). Deadlines
 * are counted in working days on the working calendar.
 */
export class DossierRepository {
  private readonly figures = new DossierFiguresWriter();

  constructor(
    private readonly runner: TransactionRunner,
    private readonly calendar: WorkingCalendarSource,
    /** Tells the office's own systems of each settled step (`dossier.step`), when it has webhooks. */
    private readonly webhooks?: Pick<WebhookOutbox, 'enqueueMany'>,
  ) {}

  /** Opens a dossier with its planned steps; the first (this office's registration) is done. */
  async open(
    ctx: PersistenceContext,
    dossier: Pick<Dossier, 'id' | 'procedure' | 'registrationId' | 'officerId' | 'communeCode'>,
    plan: readonly StepPlan[],
    receivedAt: Date,
  ): Promise<void> {
    const calendar = await this.calendar.current();
    await this.runner.run(ctx, async (tx) => {
      await this.runner.repository(tx, Dossier).insert({
        ...dossier,
        status: 'IN_PROGRESS',
        receivedAt,
        completedAt: null,
      });
      await this.runner.repository(tx, DossierStep).insert(
        plan.map((p, i) => ({
          dossierId: dossier.id,
          step: p.step,
          agency: p.agency,
          status: i === 0 ? ('DONE' as const) : ('PENDING' as const),
          dueAt: calendar.deadline(receivedAt, p.workingDays),
          doneAt: i === 0 ? receivedAt : null,
        })),
      );
      await this.figures.opened(tx.entityManager, { ...dossier, receivedAt });
    });
  }

  /** Marks a step done by `eventId`; completes the dossier when no step is left pending. */
  async complete(ctx: PersistenceContext, dossierId: string, step: string, eventId: string) {
    await this.settleMany(ctx, [{ dossierId, step, status: 'DONE', eventId }]);
  }

  /** Marks a step refused with the agency's code and reason; the dossier is then refused. */
  async refuse(
    ctx: PersistenceContext,
    dossierId: string,
    step: string,
    refusal: { eventId: string; code: string; reason: string },
  ) {
    await this.settleMany(ctx, [{ dossierId, step, status: 'REFUSED', ...refusal }]);
  }

  /**
   * Settles steps (one event, or an inbox batch) in a few statements whatever their number: a
   * dossier is refused once one of its steps is, completed once all are done. The dossiers are
   * locked in one order (id), so that the last of several concurrent transactions settling steps
   * of one dossier sees the others committed and closes it; of two settlements of one step, the
   * first wins. The settled steps and closed dossiers are counted in the figures.
   */
  async settleMany(ctx: PersistenceContext, settlements: readonly StepSettlement[]): Promise<void> {
    const first = new Map<string, StepSettlement>();
    for (const s of settlements) {
      const key = `${s.dossierId}|${s.step}`;
      if (!first.has(key)) {
        first.set(key, s);
      }
    }
    const rows = [...first.values()];
    if (rows.length === 0) {
      return;
    }
    await this.runner.run(ctx, async ({ entityManager: manager }) => {
      const now = new Date();
      const dossierIds = [...new Set(rows.map((r) => r.dossierId))].sort();
      await manager.query(
        `SELECT id FROM dossiers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [dossierIds],
      );
      const settled: { dossier_id: string; step: string }[] = await manager.query(
        // a CTE, because TypeORM returns [rows, count] for a bare UPDATE ... RETURNING
        `WITH settled AS (
           UPDATE dossier_steps s
              SET status = v.status, event_id = v.event_id, code = v.code, reason = v.reason,
                  done_at = $7
             FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::varchar[],
                         $6::varchar[]) AS v(dossier_id, step, status, event_id, code, reason)
            WHERE s.dossier_id = v.dossier_id AND s.step = v.step AND s.status = 'PENDING'
            RETURNING s.dossier_id, s.step)
         SELECT dossier_id, step FROM settled`,
        [
          rows.map((r) => r.dossierId),
          rows.map((r) => r.step),
          rows.map((r) => r.status),
          rows.map((r) => r.eventId),
          rows.map((r) => r.code ?? null),
          rows.map((r) => r.reason ?? null),
          now,
        ],
      );
      await this.figures.stepsSettled(
        manager,
        settled.map((r) => ({ dossierId: r.dossier_id, step: r.step })),
      );
      await this.webhooks?.enqueueMany(
        { entityManager: manager },
        settled.flatMap((r) => {
          const s = first.get(`${r.dossier_id}|${r.step}`);
          return s
            ? [
                {
                  topic: 'dossier.step' as const,
                  data: {
                    kind: 'dossier.step' as const,
                    dossierId: s.dossierId,
                    step: s.step,
                    status: s.status,
                    ...(s.code ? { code: s.code } : {}),
                    ...(s.reason ? { reason: s.reason } : {}),
                    eventId: s.eventId,
                  },
                },
              ]
            : [];
        }),
      );
      const closed: { id: string }[] = await manager.query(
        `WITH closed AS (
           UPDATE dossiers d
              SET status = CASE WHEN EXISTS (SELECT 1 FROM dossier_steps s
                                              WHERE s.dossier_id = d.id AND s.status = 'REFUSED')
                                THEN 'REFUSED' ELSE 'COMPLETED' END,
                  completed_at = $2
            WHERE d.id = ANY($1::uuid[]) AND d.status = 'IN_PROGRESS'
              AND (EXISTS (SELECT 1 FROM dossier_steps s
                            WHERE s.dossier_id = d.id AND s.status = 'REFUSED')
                   OR NOT EXISTS (SELECT 1 FROM dossier_steps s
                                   WHERE s.dossier_id = d.id AND s.status <> 'DONE'))
            RETURNING d.id)
         SELECT id FROM closed`,
        [dossierIds, now],
      );
      await this.figures.dossiersClosed(
        manager,
        closed.map((r) => r.id),
      );
    });
  }

  /**
   * Moves the deadlines of the pending steps whose count of working days crosses `changed` (a
   * date just made a day off or a working day), so that each is again its number of working days
   * after reception on the calendar as it now is. Returns how many deadlines moved.
   */
  async rescheduleDeadlines(
    ctx: PersistenceContext,
    calendar: WorkingCalendar,
    changed: string,
  ): Promise<number> {
    return this.runner.run(ctx, async ({ entityManager: manager }) => {
      const pending: {
        dossier_id: string;
        step: string;
        procedure: string;
        received_at: Date;
        due_at: Date;
      }[] = await manager.query(
        `SELECT s.dossier_id, s.step, d.procedure, d.received_at, s.due_at
           FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
          WHERE s.status = 'PENDING' AND ${vnDate('d.received_at')} <= $1::date
            AND ${vnDate('s.due_at')} >= $1::date
          ORDER BY s.dossier_id, s.step FOR UPDATE OF s`,
        [changed],
      );
      const moved = pending.flatMap((row) => {
        const plan = stepPlanOf(row.procedure, row.step);
        const dueAt = plan && calendar.deadline(row.received_at, plan.workingDays);
        return dueAt && dueAt.getTime() !== row.due_at.getTime()
          ? [{ dossierId: row.dossier_id, step: row.step, dueAt }]
          : [];
      });
      if (moved.length > 0) {
        await manager.query(
          `UPDATE dossier_steps s SET due_at = v.due_at
             FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[]) AS v(dossier_id, step, due_at)
            WHERE s.dossier_id = v.dossier_id AND s.step = v.step AND s.status = 'PENDING'`,
          [moved.map((m) => m.dossierId), moved.map((m) => m.step), moved.map((m) => m.dueAt)],
        );
      }
      return moved.length;
    });
  }

  /** The registration id a dossier began with, or undefined for an unknown dossier. */
  async registrationOf(ctx: PersistenceContext, dossierId: string): Promise<string | undefined> {
    const dossier = await this.runner.repository(ctx, Dossier).findOneBy({ id: dossierId });
    return dossier?.registrationId;
  }

  /**
   * Dossiers, newest first, by status, procedure, overdue, days of reception and party; a page
   * of `limit` and whether more follow. Overdue means as in {@link find}: a step not refused
   * whose deadline passed before it was done (or before now, while pending).
   */
  async list(
    ctx: PersistenceContext,
    filter: DossierFilter,
    now = new Date(),
  ): Promise<{ dossiers: DossierSummary[]; more: boolean }> {
    const where: string[] = [];
    const params: unknown[] = [now];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const overdue = `EXISTS (SELECT 1 FROM dossier_steps o WHERE o.dossier_id = d.id
                       AND o.status <> 'REFUSED' AND coalesce(o.done_at, $1) > o.due_at)`;
    if (filter.status) {
      where.push(`d.status = ${param(filter.status)}`);
    }
    if (filter.procedure) {
      where.push(`d.procedure = ${param(filter.procedure)}`);
    }
    if (filter.overdue !== undefined) {
      where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    }
    if (filter.from) {
      where.push(`${vnDate('d.received_at')} >= ${param(filter.from)}::date`);
    }
    if (filter.to) {
      where.push(`${vnDate('d.received_at')} <= ${param(filter.to)}::date`);
    }
    if (filter.party) {
      const party = param(filter.party);
      where.push(`${party} IN (b.father_personal_id, b.mother_personal_id, b.child_personal_id,
                                x.deceased_personal_id, x.declarant_personal_id)`);
    }
    if (filter.after) {
      where.push(
        `(d.received_at, d.id) < (${param(filter.after.receivedAt)}::timestamptz, ${param(filter.after.id)}::uuid)`,
      );
    }
    const rows: {
      id: string;
      procedure: Dossier['procedure'];
      status: Dossier['status'];
      commune_code: string;
      received_at: Date;
      completed_at: Date | null;
      overdue: boolean;
      steps_done: number;
      steps_total: number;
      subject_id: string | null;
      subject_name: string | null;
    }[] = await (ctx.entityManager ?? this.runner.dataSource.manager).query(
      `SELECT d.id, d.procedure, d.status, d.commune_code, d.received_at, d.completed_at,
              ${overdue} AS overdue,
              (SELECT count(*) FROM dossier_steps s
                WHERE s.dossier_id = d.id AND s.status = 'DONE')::int AS steps_done,
              (SELECT count(*) FROM dossier_steps s WHERE s.dossier_id = d.id)::int AS steps_total,
              coalesce(b.child_personal_id, x.deceased_personal_id) AS subject_id,
              coalesce(b.child_full_name, x.deceased_full_name) AS subject_name
         FROM dossiers d
         LEFT JOIN birth_registrations b ON d.procedure = 'BIRTH' AND b.id = d.registration_id
         LEFT JOIN death_registrations x ON d.procedure = 'DEATH' AND x.id = d.registration_id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.received_at DESC, d.id DESC
        LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    return {
      dossiers: rows.slice(0, filter.limit).map((r) => ({
        id: r.id,
        procedure: r.procedure,
        status: r.status,
        communeCode: r.commune_code,
        receivedAt: r.received_at.toISOString(),
        completedAt: r.completed_at?.toISOString() ?? null,
        overdue: r.overdue,
        stepsDone: r.steps_done,
        stepsTotal: r.steps_total,
        subject:
          r.subject_name === null ? null : { personalId: r.subject_id, fullName: r.subject_name },
      })),
      more: rows.length > filter.limit,
    };
  }

  /** The personal ids of a dossier's parties: parents and child, or deceased and declarant. */
  async partiesOf(ctx: PersistenceContext, id: string): Promise<string[]> {
    const rows: { party: string | null }[] = await (
      ctx.entityManager ?? this.runner.dataSource.manager
    ).query(
      `SELECT unnest(ARRAY[b.father_personal_id, b.mother_personal_id, b.child_personal_id,
                           x.deceased_personal_id, x.declarant_personal_id]) AS party
         FROM dossiers d
         LEFT JOIN birth_registrations b ON d.procedure = 'BIRTH' AND b.id = d.registration_id
         LEFT JOIN death_registrations x ON d.procedure = 'DEATH' AND x.id = d.registration_id
        WHERE d.id = $1`,
      [id],
    );
    return rows.flatMap((r) => (r.party === null ? [] : [r.party]));
  }

  async find(
    ctx: PersistenceContext,
    id: string,
    now = new Date(),
  ): Promise<DossierView | undefined> {
    const dossier = await this.runner.repository(ctx, Dossier).findOneBy({ id });
    if (!dossier) {
      return undefined;
    }
    const [subject]: { personal_id: string | null; full_name: string }[] = await (
      ctx.entityManager ?? this.runner.dataSource.manager
    ).query(
      dossier.procedure === 'BIRTH'
        ? `SELECT child_personal_id AS personal_id, child_full_name AS full_name
             FROM birth_registrations WHERE id = $1`
        : `SELECT deceased_personal_id AS personal_id, deceased_full_name AS full_name
             FROM death_registrations WHERE id = $1`,
      [dossier.registrationId],
    );
    const steps = await this.runner
      .repository(ctx, DossierStep)
      .find({ where: { dossierId: id }, order: { dueAt: 'ASC', step: 'ASC' } });
    const views = steps.map((s) => ({
      step: s.step,
      agency: s.agency,
      status: s.status,
      dueAt: s.dueAt.toISOString(),
      doneAt: s.doneAt?.toISOString() ?? null,
      overdue: (s.doneAt ?? now).getTime() > s.dueAt.getTime(),
      eventId: s.eventId,
      code: s.code,
      reason: s.reason,
    }));
    return {
      id: dossier.id,
      procedure: dossier.procedure,
      status: dossier.status,
      communeCode: dossier.communeCode,
      receivedAt: dossier.receivedAt.toISOString(),
      completedAt: dossier.completedAt?.toISOString() ?? null,
      overdue: views.some((s) => s.overdue && s.status !== 'REFUSED'),
      officerId: dossier.officerId,
      subject: subject ? { personalId: subject.personal_id, fullName: subject.full_name } : null,
      steps: views,
    };
  }
}
