import { Injectable } from '@nestjs/common';
import type { BusEvent, EventContext, EventHandler } from '@lienthong/adapter-kit';
import type { DeathRegisteredV1 } from '@lienthong/schema';

const RESIDENCE_REMOVAL = 'RESIDENCE_REMOVAL';

/**
 * Group 2, population's steps (NĐ 63/2024): marks the citizen deceased (`citizen-deceased`, which
 * insurance and the business registry follow) and, when the requester chose it, removes the
 * permanent residence (`residence-removed`, which closes the dossier's step on civil status). A
 * citizen population does not know, or one without a current permanent residence, is refused
 * with a reason the commune officer can act on.
 */
@Injectable()
export class DeathRegisteredHandler implements EventHandler<DeathRegisteredV1> {
  readonly publisher = 'CIV';
  readonly eventType = 'death-registered';

  async handle(ctx: EventContext, event: BusEvent<DeathRegisteredV1>): Promise<void> {
    const death = event.payload;
    const subject = { scheme: 'personal-id', id: death.deceasedPersonalId } as const;
    if (!(await markDeceased(ctx, death))) {
      await refuse(
        ctx,
        death,
        'POPULATION_CITIZEN_NOT_FOUND',
        `no citizen ${death.deceasedPersonalId} in the population registry`,
      );
      return;
    }
    await ctx.publish({
      eventType: 'citizen-deceased',
      subject,
      payload: {
        dossierId: death.dossierId,
        personalId: death.deceasedPersonalId,
        dateOfDeath: death.dateOfDeath,
      },
    });
    if (!death.procedures.includes(RESIDENCE_REMOVAL)) {
      return;
    }
    const removedOn = death.registration.registeredOn;
    if (!(await removePermanentResidence(ctx, death.deceasedPersonalId, removedOn))) {
      await refuse(
        ctx,
        death,
        'POPULATION_RESIDENCE_NOT_FOUND',
        `${death.deceasedPersonalId} has no current permanent residence to remove`,
      );
      return;
    }
    await ctx.publish({
      eventType: 'residence-removed',
      subject,
      payload: {
        dossierId: death.dossierId,
        personalId: death.deceasedPersonalId,
        kind: 'PERMANENT',
        removedOn,
        reason: 'DECEASED',
      },
    });
  }
}

// Each UPDATE is wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.

/** Marks the citizen deceased; false when population has no such citizen. */
async function markDeceased(ctx: EventContext, death: DeathRegisteredV1): Promise<boolean> {
  const rows: unknown[] = await ctx.entityManager.query(
    `WITH marked AS (UPDATE citizens SET status = 'DECEASED', date_of_death = $2::date
       WHERE personal_id = $1 RETURNING personal_id) SELECT personal_id FROM marked`,
    [death.deceasedPersonalId, death.dateOfDeath],
  );
  return rows.length > 0;
}

/** Removes (keeps with a removal date) the current permanent residence; false when there is none. */
async function removePermanentResidence(
  ctx: EventContext,
  personalId: string,
  removedOn: string,
): Promise<boolean> {
  const rows: unknown[] = await ctx.entityManager.query(
    `WITH removed AS (UPDATE residences SET removed_on = $2::date, removal_reason = 'DECEASED'
       WHERE personal_id = $1 AND kind = 'PERMANENT' AND removed_on IS NULL RETURNING id)
     SELECT id FROM removed`,
    [personalId, removedOn],
  );
  return rows.length > 0;
}

async function refuse(
  ctx: EventContext,
  death: DeathRegisteredV1,
  code: string,
  reason: string,
): Promise<void> {
  await ctx.publish({
    eventType: 'step-refused',
    payload: { dossierId: death.dossierId, step: RESIDENCE_REMOVAL, code, reason },
  });
}
