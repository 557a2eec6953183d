import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import { workingDayDeadline, type StepPlan } from './deadlines';
import { Dossier, DossierStep } from './dossier.entity';

/** A dossier with its steps, as the officer sees it. */
export interface DossierView {
  readonly id: string;
  readonly procedure: Dossier['procedure'];
  readonly status: Dossier['status'];
  readonly receivedAt: string;
  readonly completedAt: string | null;
  readonly overdue: boolean;
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

/** Dossiers of interconnected procedures and their steps; `ctx` first (style G14). */
export class DossierRepository {
  constructor(private readonly runner: TransactionRunner) {}

  /** Opens a dossier with its planned steps; the first (this office's registration) is done. */
  async open(
    ctx: PersistenceContext,
    dossier: Pick<Dossier, 'id' | 'procedure' | 'registrationId' | 'officerId'>,
    plan: readonly StepPlan[],
    receivedAt: Date,
  ): Promise<void> {
    await this.runner.repository(ctx, Dossier).insert({
      ...dossier,
      status: 'IN_PROGRESS',
      receivedAt,
      completedAt: null,
    });
    await this.runner.repository(ctx, DossierStep).insert(
      plan.map((p, i) => ({
        dossierId: dossier.id,
        step: p.step,
        agency: p.agency,
        status: i === 0 ? ('DONE' as const) : ('PENDING' as const),
        dueAt: workingDayDeadline(receivedAt, p.workingDays),
        doneAt: i === 0 ? receivedAt : null,
      })),
    );
  }

  /** Marks a step done by `eventId`; completes the dossier when no step is left pending. */
  async complete(ctx: PersistenceContext, dossierId: string, step: string, eventId: string) {
    await this.settle(ctx, dossierId, step, { status: 'DONE', eventId, code: null, reason: null });
  }

  /** Marks a step refused with the agency's code and reason; the dossier is then refused. */
  async refuse(
    ctx: PersistenceContext,
    dossierId: string,
    step: string,
    refusal: { eventId: string; code: string; reason: string },
  ) {
    await this.settle(ctx, dossierId, step, { status: 'REFUSED', ...refusal });
  }

  /**
   * Settles several steps in one go (an inbox batch): the same result as {@link complete} and
   * {@link refuse} one after another, in three statements whatever their number. The dossiers are
   * locked in one order (id); of two settlements of one step, the first wins, as it would alone.
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
    const manager = ctx.entityManager ?? this.runner.dataSource.manager;
    const now = new Date();
    const dossierIds = [...new Set(rows.map((r) => r.dossierId))].sort();
    await manager.query(
      `SELECT id FROM dossiers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [dossierIds],
    );
    await manager.query(
      `UPDATE dossier_steps s
          SET status = v.status, event_id = v.event_id, code = v.code, reason = v.reason,
              done_at = $7
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::varchar[],
                     $6::varchar[]) AS v(dossier_id, step, status, event_id, code, reason)
        WHERE s.dossier_id = v.dossier_id AND s.step = v.step AND s.status = 'PENDING'`,
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
    // as settle() decides after each step: refused if one step is, completed once all are done
    await manager.query(
      `UPDATE dossiers d
          SET status = CASE WHEN EXISTS (SELECT 1 FROM dossier_steps s
                                          WHERE s.dossier_id = d.id AND s.status = 'REFUSED')
                            THEN 'REFUSED' ELSE 'COMPLETED' END,
              completed_at = $2
        WHERE d.id = ANY($1::uuid[]) AND d.status = 'IN_PROGRESS'
          AND (EXISTS (SELECT 1 FROM dossier_steps s WHERE s.dossier_id = d.id AND s.status = 'REFUSED')
               OR NOT EXISTS (SELECT 1 FROM dossier_steps s
                               WHERE s.dossier_id = d.id AND s.status <> 'DONE'))`,
      [dossierIds, now],
    );
  }

  /** The registration id a dossier began with, or undefined for an unknown dossier. */
  async registrationOf(ctx: PersistenceContext, dossierId: string): Promise<string | undefined> {
    const dossier = await this.runner.repository(ctx, Dossier).findOneBy({ id: dossierId });
    return dossier?.registrationId;
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
      receivedAt: dossier.receivedAt.toISOString(),
      completedAt: dossier.completedAt?.toISOString() ?? null,
      overdue: views.some((s) => s.overdue && s.status !== 'REFUSED'),
      steps: views,
    };
  }

  private async settle(
    ctx: PersistenceContext,
    dossierId: string,
    step: string,
    change: Pick<DossierStep, 'status' | 'eventId' | 'code' | 'reason'>,
  ): Promise<void> {
    const now = new Date();
    // Steps of one dossier settle in concurrent transactions (one consumer per event type): the
    // dossier row is locked first, so the last of them sees every other step committed and
    // completes the dossier (without the lock, each could see the other still pending)
    await this.runner
      .repository(ctx, Dossier)
      .findOne({ where: { id: dossierId }, lock: { mode: 'pessimistic_write' } });
    await this.runner
      .repository(ctx, DossierStep)
      .update({ dossierId, step, status: 'PENDING' }, { ...change, doneAt: now });
    const steps = await this.runner.repository(ctx, DossierStep).findBy({ dossierId });
    const status = steps.some((s) => s.status === 'REFUSED')
      ? 'REFUSED'
      : steps.every((s) => s.status === 'DONE')
        ? 'COMPLETED'
        : 'IN_PROGRESS';
    if (status !== 'IN_PROGRESS') {
      await this.runner
        .repository(ctx, Dossier)
        .update({ id: dossierId, status: 'IN_PROGRESS' }, { status, completedAt: now });
    }
  }
}
