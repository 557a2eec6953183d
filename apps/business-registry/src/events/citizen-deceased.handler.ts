import { Injectable } from '@nestjs/common';
import type { BusEvent, EventContext, EventHandler } from '@lienthong/adapter-kit';
import type { CitizenDeceasedV1 } from '@lienthong/schema';

/**
 * Group 2, the business registry's part: every enterprise whose legal representative died is
 * flagged (the enterprise must register a new representative) and the flag is announced by
 * `legal-representative-changed` with change DECEASED_FLAGGED. A citizen who represents no
 * enterprise changes nothing.
 */
@Injectable()
export class CitizenDeceasedHandler implements EventHandler<CitizenDeceasedV1> {
  readonly publisher = 'POP';
  readonly eventType = 'citizen-deceased';

  async handle(ctx: EventContext, event: BusEvent<CitizenDeceasedV1>): Promise<void> {
    const { dossierId, personalId } = event.payload;
    const changedOn = event.issuedAt.slice(0, 10);
    const flagged: { enterprise_code: string }[] = await ctx.entityManager.query(
      `INSERT INTO representative_flags (enterprise_code, personal_id, flag, flagged_on, dossier_id)
       SELECT enterprise_code, personal_id, 'DECEASED', $2::date, $3::uuid
         FROM legal_representatives WHERE personal_id = $1
       ON CONFLICT DO NOTHING RETURNING enterprise_code`,
      [personalId, changedOn, dossierId],
    );
    for (const { enterprise_code: enterpriseCode } of flagged) {
      await ctx.publish({
        eventType: 'legal-representative-changed',
        subject: { scheme: 'personal-id', id: personalId },
        payload: { dossierId, enterpriseCode, personalId, change: 'DECEASED_FLAGGED', changedOn },
      });
    }
  }
}
