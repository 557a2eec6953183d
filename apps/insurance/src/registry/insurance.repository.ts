import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import { HealthInsuranceCard } from './health-insurance-card.entity';
import { InsuredPerson } from './insured-person.entity';
import { ParticipationPeriod } from './participation-period.entity';

/** A person's social-insurance record: participation history and health-insurance cards. */
export interface InsuranceView {
  readonly person: InsuredPerson;
  readonly periods: readonly ParticipationPeriod[];
  /** Newest card first. */
  readonly cards: readonly HealthInsuranceCard[];
}

/** Reads of the social-insurance database; `ctx` first (style G14). */
export class InsuranceRepository {
  constructor(private readonly runner: TransactionRunner) {}

  /** The insurance record of the person with this personal id, or undefined if none. */
  async findByPersonalId(
    ctx: PersistenceContext,
    personalId: string,
  ): Promise<InsuranceView | undefined> {
    const person = await this.runner.repository(ctx, InsuredPerson).findOneBy({ personalId });
    return person ? this.withHistory(ctx, person) : undefined;
  }

  /** The insurance record of a social-insurance number, or undefined if none. */
  async findBySocialInsuranceNumber(
    ctx: PersistenceContext,
    socialInsuranceNumber: string,
  ): Promise<InsuranceView | undefined> {
    const person = await this.runner
      .repository(ctx, InsuredPerson)
      .findOneBy({ socialInsuranceNumber });
    return person ? this.withHistory(ctx, person) : undefined;
  }

  /**
   * Enrols a person (social-insurance number = the last ten digits of the personal id, for a
   * person not yet known) and issues a card; issuing the same card twice is a no-op.
   */
  async issueCard(
    ctx: PersistenceContext,
    person: Pick<InsuredPerson, 'personalId' | 'fullName' | 'provinceCode' | 'issuedOn'>,
    card: Pick<
      HealthInsuranceCard,
      'beneficiaryGroup' | 'benefitLevel' | 'validFrom' | 'validTo' | 'registeredClinic'
    >,
  ): Promise<HealthInsuranceCard> {
    const persons = this.runner.repository(ctx, InsuredPerson);
    const existing = await persons.findOneBy({ personalId: person.personalId });
    const socialInsuranceNumber = existing?.socialInsuranceNumber ?? person.personalId.slice(2);
    if (!existing) {
      await persons.insert({ ...person, socialInsuranceNumber });
    }
    const cards = this.runner.repository(ctx, HealthInsuranceCard);
    const cardCode = `${card.beneficiaryGroup}${card.benefitLevel}${person.provinceCode}${socialInsuranceNumber}`;
    await cards
      .createQueryBuilder()
      .insert()
      .values({
        ...card,
        cardCode,
        socialInsuranceNumber,
        personalId: person.personalId,
        status: 'ACTIVE',
      })
      .orIgnore()
      .execute();
    return cards.findOneByOrFail({
      socialInsuranceNumber,
      beneficiaryGroup: card.beneficiaryGroup,
      validFrom: card.validFrom,
    });
  }

  private async withHistory(
    ctx: PersistenceContext,
    person: InsuredPerson,
  ): Promise<InsuranceView> {
    const { socialInsuranceNumber } = person;
    const [periods, cards] = await Promise.all([
      this.runner
        .repository(ctx, ParticipationPeriod)
        .find({ where: { socialInsuranceNumber }, order: { fromMonth: 'ASC', id: 'ASC' } }),
      this.runner.repository(ctx, HealthInsuranceCard).find({
        where: { personalId: person.personalId },
        order: { validFrom: 'DESC', id: 'DESC' },
      }),
    ]);
    return { person, periods, cards };
  }
}
