import { Injectable } from '@nestjs/common';
import type { BusEvent, EventContext, EventHandler } from '@lienthong/adapter-kit';
import type { DeathRegisteredV1 } from '@lienthong/schema';

/** The procedures of group 2 that are insurance's to carry out. */
export const INSURANCE_BENEFITS = ['FUNERAL_ALLOWANCE', 'SURVIVOR_BENEFIT'] as const;

/**
 * Group 2, insurance's steps: the deceased's health-insurance cards stop (whatever procedures were
 * chosen), and each benefit the requester chose is opened and announced by `benefit-opened`. A
 * person insurance has never enrolled cannot receive a benefit: each chosen benefit step is
 * refused with a reason instead.
 */
@Injectable()
export class DeathBenefitsHandler implements EventHandler<DeathRegisteredV1> {
  readonly publisher = 'CIV';
  readonly eventType = 'death-registered';

  async handle(ctx: EventContext, event: BusEvent<DeathRegisteredV1>): Promise<void> {
    const death = event.payload;
    const personalId = death.deceasedPersonalId;
    const cardsStopped = await stopCards(ctx, personalId);
    const chosen = INSURANCE_BENEFITS.filter((b) => death.procedures.includes(b));
    const insuranceNumber = await socialInsuranceNumberOf(ctx, personalId);
    for (const benefit of chosen) {
      if (insuranceNumber === undefined) {
        await ctx.publish({
          eventType: 'step-refused',
          payload: {
            dossierId: death.dossierId,
            step: benefit,
            code: 'INSURANCE_PERSON_NOT_INSURED',
            reason: `${personalId} never participated in social insurance`,
          },
        });
        continue;
      }
      const openedOn = death.registration.registeredOn;
      await ctx.entityManager.query(
        `INSERT INTO benefits (personal_id, benefit, social_insurance_number, dossier_id, opened_on, status)
         VALUES ($1, $2, $3, $4, $5::date, 'OPEN') ON CONFLICT ON CONSTRAINT uq_benefits_person_kind DO NOTHING`,
        [personalId, benefit, insuranceNumber, death.dossierId, openedOn],
      );
      await ctx.publish({
        eventType: 'benefit-opened',
        subject: { scheme: 'personal-id', id: personalId },
        payload: { dossierId: death.dossierId, personalId, benefit, openedOn, cardsStopped },
      });
    }
  }
}

/** Stops the person's usable cards; the number stopped (0 when already stopped or none). */
async function stopCards(ctx: EventContext, personalId: string): Promise<number> {
  const rows: unknown[] = await ctx.entityManager.query(
    // a CTE, because TypeORM returns [rows, count] for a bare UPDATE ... RETURNING
    `WITH stopped AS (UPDATE health_insurance_cards SET status = 'REVOKED'
       WHERE personal_id = $1 AND status = 'ACTIVE' RETURNING id) SELECT id FROM stopped`,
    [personalId],
  );
  return rows.length;
}

async function socialInsuranceNumberOf(
  ctx: EventContext,
  personalId: string,
): Promise<string | undefined> {
  const rows: { social_insurance_number: string }[] = await ctx.entityManager.query(
    `SELECT social_insurance_number FROM insured_persons WHERE personal_id = $1`,
    [personalId],
  );
  return rows[0]?.social_insurance_number;
}
