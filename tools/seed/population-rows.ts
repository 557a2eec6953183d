import type { Prng } from './prng';
import { fromDay, yearOf } from './seed-calendar';
import { fullName, type SeedHousehold, type SeedPerson } from './seed-person';
import type { SeedBatch } from './seed-tables';

/**
 * Writes a household into the population and civil-status rows: citizens, the household,
 * residences (removed two days after a death), birth registrations for everyone, death
 * registrations for the deceased and a marriage registration per couple.
 */
export class PopulationRows {
  private readonly bookEntries = new Map<string, number>();

  constructor(
    private readonly rng: Prng,
    private readonly asOfDay: number,
    private readonly communeNames: ReadonlyMap<string, string>,
  ) {}

  /** Appends the household's population and civil-status rows to `batch`. */
  add(batch: SeedBatch, household: SeedHousehold): void {
    const [head] = household.members as [SeedPerson];
    batch.households.push({
      household_no: household.householdNo,
      head_personal_id: head.personalId,
      commune_code: household.communeCode,
      address: this.address(household),
      registered_on: fromDay(household.registeredDay),
    });
    for (const person of household.members) {
      const registeredDay = this.addBirth(batch, person);
      this.addCitizen(batch, person, household);
      this.addResidence(batch, person, household, Math.max(household.registeredDay, registeredDay));
      if (person.deathDay !== null) {
        this.addDeath(batch, person, household);
      }
    }
    const spouse = household.members.find((m) => m.relationship === 'SPOUSE');
    if (spouse) {
      this.addMarriage(batch, head, spouse, household);
    }
  }

  private addCitizen(batch: SeedBatch, person: SeedPerson, household: SeedHousehold): void {
    batch.citizens.push({
      personal_id: person.personalId,
      full_name: fullName(person),
      family_name: person.familyName,
      middle_name: person.middleName,
      given_name: person.givenName,
      birth_date: fromDay(person.birthDay),
      birth_date_precision: person.precision,
      sex: person.sex,
      ethnicity: person.ethnicity,
      religion: person.religion,
      nationality: 'VN',
      birth_registration_commune: person.birthCommune,
      household_no: household.householdNo,
      relationship_to_head: person.relationship,
      father_id: person.fatherId,
      mother_id: person.motherId,
      spouse_id: person.spouseId,
      status: person.deathDay === null ? 'ALIVE' : 'DECEASED',
      date_of_death: person.deathDay === null ? null : fromDay(person.deathDay),
    });
  }

  private addResidence(
    batch: SeedBatch,
    person: SeedPerson,
    household: SeedHousehold,
    registeredDay: number,
  ): void {
    const removedDay =
      person.deathDay === null ? null : Math.min(this.asOfDay, person.deathDay + 2);
    batch.residences.push({
      personal_id: person.personalId,
      kind: 'PERMANENT',
      household_no: household.householdNo,
      commune_code: household.communeCode,
      address: this.address(household),
      registered_on: fromDay(Math.min(registeredDay, removedDay ?? registeredDay)),
      removed_on: removedDay === null ? null : fromDay(removedDay),
      removal_reason: removedDay === null ? null : 'DECEASED',
    });
  }

  /** Adds the birth registration and returns its day. */
  private addBirth(batch: SeedBatch, person: SeedPerson): number {
    const late = this.rng.chance(0.05);
    const delay = late ? this.rng.int(61, 1000) : this.rng.int(1, 59);
    const registeredDay = Math.min(this.asOfDay, person.birthDay + delay);
    batch.births.push({
      ...this.entry(person.birthCommune, registeredDay),
      child_personal_id: person.personalId,
      child_full_name: fullName(person),
      sex: person.sex,
      birth_date: fromDay(person.birthDay),
      birth_date_precision: person.precision,
      place_of_birth: `Trạm y tế ${this.communeName(person.birthCommune)}`,
      father_personal_id: person.fatherId,
      mother_personal_id: person.motherId,
      registration_type: late ? 'LATE' : 'ON_TIME',
    });
    return registeredDay;
  }

  private addDeath(batch: SeedBatch, person: SeedPerson, household: SeedHousehold): void {
    const deathDay = person.deathDay as number;
    const declarant = household.members.find(
      (m) => m !== person && m.deathDay === null && m.relationship !== 'CHILD',
    );
    batch.deaths.push({
      ...this.entry(household.communeCode, Math.min(this.asOfDay, deathDay + this.rng.int(1, 14))),
      deceased_personal_id: person.personalId,
      deceased_full_name: fullName(person),
      date_of_death: fromDay(deathDay),
      place_of_death: this.address(household),
      declarant_personal_id: declarant?.personalId ?? null,
    });
  }

  private addMarriage(
    batch: SeedBatch,
    head: SeedPerson,
    spouse: SeedPerson,
    household: SeedHousehold,
  ): void {
    const [husband, wife] = head.sex === 'MALE' ? [head, spouse] : [spouse, head];
    const adult = Math.max(husband.birthDay, wife.birthDay) + 20 * 365;
    const day = Math.min(this.asOfDay - 1, adult + this.rng.int(0, 8 * 365));
    const ended = husband.deathDay !== null || wife.deathDay !== null;
    batch.marriages.push({
      ...this.entry(household.communeCode, day),
      husband_personal_id: husband.personalId,
      wife_personal_id: wife.personalId,
      status: ended ? 'ENDED_BY_DEATH' : 'REGISTERED',
    });
  }

  /** Book "01/<year>" of the commune and the next entry number in it. */
  private entry(commune: string, day: number): Record<string, string | number> {
    const book = `01/${yearOf(day)}`;
    const key = `${commune}:${book}`;
    const entryNo = (this.bookEntries.get(key) ?? 0) + 1;
    this.bookEntries.set(key, entryNo);
    return {
      registering_commune: commune,
      book_no: book,
      entry_no: entryNo,
      registered_on: fromDay(day),
    };
  }

  private address(household: SeedHousehold): string {
    return `${household.address}, ${this.communeName(household.communeCode)}`;
  }

  private communeName(code: string): string {
    return this.communeNames.get(code) ?? code;
  }
}
