import { Injectable } from '@nestjs/common';
import type { BusEvent, EventContext, EventHandler } from '@lienthong/adapter-kit';
import type { CitizenCreatedV1 } from '@lienthong/schema';
import { InsuranceRepository } from '../registry/insurance.repository';

/** Children under 6 are insured by the state budget, beneficiary group TE, benefit level 1. */
const TE_GROUP = 'TE';
const TE_BENEFIT_LEVEL = 1;
const TE_AGE_LIMIT_YEARS = 6;
/** Until the family chooses a clinic: the commune health station of the registry's demo data. */
const DEFAULT_CLINIC = '01001';

/**
 * Group 1, last step: a child under 6 gets a TE health-insurance card valid from birth to the day
 * before the sixth birthday, announced by `card-issued`. Older citizens get no card here.
 */
@Injectable()
export class CitizenCreatedHandler implements EventHandler<CitizenCreatedV1> {
  readonly publisher = 'POP';
  readonly eventType = 'citizen-created';

  constructor(private readonly registry: InsuranceRepository) {}

  async handle(ctx: EventContext, event: BusEvent<CitizenCreatedV1>): Promise<void> {
    const citizen = event.payload;
    const validTo = dayBeforeBirthday(citizen.birthDate, TE_AGE_LIMIT_YEARS);
    if (validTo < event.issuedAt.slice(0, 10)) {
      return;
    }
    const card = await this.registry.issueCard(
      ctx,
      {
        personalId: citizen.personalId,
        fullName: citizen.fullName,
        provinceCode: citizen.personalId.slice(1, 3),
        issuedOn: event.issuedAt.slice(0, 10),
      },
      {
        beneficiaryGroup: TE_GROUP,
        benefitLevel: TE_BENEFIT_LEVEL,
        validFrom: citizen.birthDate,
        validTo,
        registeredClinic: DEFAULT_CLINIC,
      },
    );
    await ctx.publish({
      eventType: 'card-issued',
      subject: { scheme: 'personal-id', id: citizen.personalId },
      payload: {
        dossierId: citizen.dossierId,
        personalId: citizen.personalId,
        socialInsuranceNumber: card.socialInsuranceNumber,
        cardCode: card.cardCode,
        beneficiaryGroup: card.beneficiaryGroup,
        validFrom: card.validFrom,
        ...(card.validTo ? { validTo: card.validTo } : {}),
      },
    });
  }
}

/** `YYYY-MM-DD` of the day before the `years`-th birthday of someone born on `birthDate`. */
export function dayBeforeBirthday(birthDate: string, years: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const birthday = new Date(Date.UTC(y + years, m - 1, d));
  return new Date(birthday.getTime() - 86_400_000).toISOString().slice(0, 10);
}
