import type { Prng } from './prng';
import { addYears, ageOn, fromDay, monthOf, monthStart, yearOf } from './seed-calendar';
import type { IdentifierAllocator } from './seed-identifiers';
import { fullName, type SeedHousehold, type SeedPerson } from './seed-person';
import type { SeedBatch } from './seed-tables';

/** What insurance a person ended up with, for picking sample ids. */
export interface InsuranceOutcome {
  readonly socialInsuranceNumber: string | null;
  readonly cardCode: string | null;
}

const NONE: InsuranceOutcome = { socialInsuranceNumber: null, cardCode: null };

/**
 * Writes the insurance rows of a household: children under 6 get a social-insurance number and
 * a TE card valid until the day before their sixth birthday; about 70% of adults get a number
 * with participation periods and, when alive and covered, a card for the current year.
 */
export class InsuranceRows {
  constructor(
    private readonly rng: Prng,
    private readonly ids: IdentifierAllocator,
    private readonly asOfDay: number,
  ) {}

  /** Appends the person's insurance rows; `employers` are enterprise codes that may employ. */
  add(
    batch: SeedBatch,
    person: SeedPerson,
    household: SeedHousehold,
    employers: readonly string[],
  ): InsuranceOutcome {
    const age = ageOn(person.birthDay, this.asOfDay);
    if (age < 6 && person.deathDay === null) {
      return this.addChild(batch, person, household);
    }
    if (age < 18 || !this.rng.chance(0.7)) {
      return NONE;
    }
    const endDay = person.deathDay ?? this.asOfDay;
    const issuedDay = Math.min(endDay, addYears(person.birthDay, 18) + this.rng.int(0, 15 * 365));
    const sin = this.addInsured(batch, person, household, issuedDay);
    const lastOpen = this.addPeriods(batch, sin, issuedDay, endDay, person, employers);
    if (person.deathDay !== null) {
      return { socialInsuranceNumber: sin, cardCode: null };
    }
    const card = this.adultCard(age, lastOpen);
    if (!card) {
      return { socialInsuranceNumber: sin, cardCode: null };
    }
    const year = yearOf(this.asOfDay);
    const cardCode = this.addCard(batch, person, household, sin, {
      ...card,
      validFrom: `${year}-01-01`,
      validTo: `${year}-12-31`,
    });
    return { socialInsuranceNumber: sin, cardCode };
  }

  private addChild(
    batch: SeedBatch,
    person: SeedPerson,
    household: SeedHousehold,
  ): InsuranceOutcome {
    const issuedDay = Math.min(this.asOfDay, person.birthDay + this.rng.int(1, 60));
    const sin = this.addInsured(batch, person, household, issuedDay);
    const cardCode = this.addCard(batch, person, household, sin, {
      group: 'TE',
      level: 1,
      validFrom: fromDay(issuedDay),
      validTo: fromDay(addYears(person.birthDay, 6) - 1),
    });
    return { socialInsuranceNumber: sin, cardCode };
  }

  private addInsured(
    batch: SeedBatch,
    person: SeedPerson,
    household: SeedHousehold,
    day: number,
  ): string {
    const sin = this.ids.socialInsuranceNumber(household.provinceCode);
    batch.insuredPersons.push({
      social_insurance_number: sin,
      personal_id: person.personalId,
      full_name: fullName(person),
      province_code: household.provinceCode,
      issued_on: fromDay(day),
    });
    return sin;
  }

  /** Adds one to three consecutive periods and returns the scheme of an open last one. */
  private addPeriods(
    batch: SeedBatch,
    sin: string,
    issuedDay: number,
    endDay: number,
    person: SeedPerson,
    employers: readonly string[],
  ): 'COMPULSORY' | 'VOLUNTARY' | null {
    const endMonth = monthOf(endDay);
    const mayStayOpen = person.deathDay === null && ageOn(person.birthDay, endDay) < 60;
    let month = monthOf(issuedDay);
    const count = this.rng.int(1, 3);
    for (let i = 0; i < count && month <= endMonth; i += 1) {
      const compulsory = employers.length > 0 && this.rng.chance(0.8);
      const scheme = compulsory ? 'COMPULSORY' : 'VOLUNTARY';
      const last = month + this.rng.int(6, 120);
      const open = last >= endMonth && mayStayOpen && this.rng.chance(0.8);
      batch.periods.push({
        social_insurance_number: sin,
        scheme,
        employer_code: compulsory ? this.rng.pick(employers) : null,
        from_month: monthStart(month),
        to_month: open ? null : monthStart(Math.min(last, endMonth)),
      });
      if (open) {
        return scheme;
      }
      month = Math.min(last, endMonth) + this.rng.int(1, 12);
    }
    return null;
  }

  private adultCard(
    age: number,
    openScheme: 'COMPULSORY' | 'VOLUNTARY' | null,
  ): { group: string; level: number } | undefined {
    if (openScheme === 'COMPULSORY') {
      return { group: 'DN', level: 4 };
    }
    if (age >= 60) {
      return { group: 'HT', level: 3 };
    }
    return openScheme === 'VOLUNTARY' || this.rng.chance(0.5)
      ? { group: 'GD', level: 4 }
      : undefined;
  }

  private addCard(
    batch: SeedBatch,
    person: SeedPerson,
    household: SeedHousehold,
    sin: string,
    card: { group: string; level: number; validFrom: string; validTo: string },
  ): string {
    const cardCode = `${card.group}${card.level}${household.provinceCode}${sin}`;
    batch.cards.push({
      card_code: cardCode,
      social_insurance_number: sin,
      personal_id: person.personalId,
      beneficiary_group: card.group,
      benefit_level: card.level,
      valid_from: card.validFrom,
      valid_to: card.validTo,
      registered_clinic: `${household.provinceCode}${String(this.rng.int(1, 40)).padStart(3, '0')}`,
      status: 'ACTIVE',
    });
    return cardCode;
  }
}
