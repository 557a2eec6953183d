import type { Prng } from './prng';
import { addYears, ageOn, fromDay, toDay, yearOf } from './seed-calendar';
import type { IdentifierAllocator } from './seed-identifiers';
import type { SeedHousehold, SeedPerson, Sex } from './seed-person';
import {
  ETHNICITIES,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  FEMALE_MIDDLE_NAMES,
  MALE_GIVEN_NAMES,
  MALE_MIDDLE_NAMES,
  RELIGIONS,
  STREETS,
} from './vn-names';

/** Synthetic communes: five-digit codes, grouped by legacy province code. */
export type CommuneTable = ReadonlyMap<string, readonly string[]>;

interface PersonSpec {
  readonly age: number;
  readonly sex: Sex;
  readonly familyName: string;
  readonly relationship: SeedPerson['relationship'];
  readonly ethnicity: string;
  readonly religion: string | null;
  readonly birthProvince: string;
  readonly birthCommune: string;
}

/** Death probability of an adult per relationship, tuned so about 5% of citizens are deceased. */
const DEATH_RATE = { HEAD: 0.055, SPOUSE: 0.055, CHILD: 0.055, PARENT: 0.35 } as const;

/**
 * Builds households of consistent people: spouses of opposite sex, children younger than both
 * parents by at least 18 years and carrying the father's family name, sometimes an elderly
 * parent of the head, and deaths only after a person's last child was born.
 */
export class HouseholdComposer {
  private readonly provinces: readonly string[];

  constructor(
    private readonly rng: Prng,
    private readonly ids: IdentifierAllocator,
    private readonly asOfDay: number,
    private readonly communes: CommuneTable,
  ) {
    this.provinces = [...communes.keys()];
  }

  /** The household with this sequence number. */
  compose(index: number): SeedHousehold {
    const provinceCode = this.rng.pick(this.provinces);
    const communeCode = this.rng.pick(this.communes.get(provinceCode) ?? []);
    const ethnicity = this.rng.weighted(ETHNICITIES);
    const religion = this.rng.weighted(RELIGIONS);
    const local = { ethnicity, religion, provinceCode, communeCode };
    const headAge = this.rng.int(22, 80);
    const headSex: Sex = this.rng.chance(0.7) ? 'MALE' : 'FEMALE';
    const head = this.adult(local, headAge, headSex, 'HEAD');
    const members: SeedPerson[] = [head];
    const spouse = this.rng.chance(0.78) ? this.spouseOf(head, headAge, local) : undefined;
    if (spouse) {
      members.push(spouse);
    }
    members.push(...this.children(head, spouse, local));
    if (headAge < 55 && this.rng.chance(0.15)) {
      members.push(this.parentOf(head, headAge, local));
    }
    for (const member of members) {
      this.maybeDie(member, members);
    }
    return {
      householdNo: `${communeCode}${String(index + 1).padStart(7, '0')}`,
      provinceCode,
      communeCode,
      address: `Số ${this.rng.int(1, 300)}, đường ${this.rng.pick(STREETS)}`,
      registeredDay: Math.min(this.asOfDay - 1, addYears(head.birthDay, this.rng.int(18, 30))),
      members,
    };
  }

  private adult(
    local: Local,
    age: number,
    sex: Sex,
    relationship: SeedPerson['relationship'],
    familyName = this.rng.weighted(FAMILY_NAMES),
  ): SeedPerson {
    // Most adults had their birth registered where they live now; the rest moved in.
    const movedIn = this.rng.chance(0.3);
    const birthProvince = movedIn ? this.rng.pick(this.provinces) : local.provinceCode;
    const birthCommune = movedIn
      ? this.rng.pick(this.communes.get(birthProvince) ?? [])
      : local.communeCode;
    const ethnicity = this.rng.chance(0.9) ? local.ethnicity : this.rng.weighted(ETHNICITIES);
    const religion = this.rng.chance(0.9) ? local.religion : this.rng.weighted(RELIGIONS);
    return this.person({
      age,
      sex,
      familyName,
      relationship,
      ethnicity,
      religion,
      birthProvince,
      birthCommune,
    });
  }

  private spouseOf(head: SeedPerson, headAge: number, local: Local): SeedPerson {
    const age = Math.min(95, Math.max(20, headAge + this.rng.int(-6, 6)));
    const spouse = this.adult(local, age, head.sex === 'MALE' ? 'FEMALE' : 'MALE', 'SPOUSE');
    spouse.spouseId = head.personalId;
    head.spouseId = spouse.personalId;
    return spouse;
  }

  private children(head: SeedPerson, spouse: SeedPerson | undefined, local: Local): SeedPerson[] {
    const father = head.sex === 'MALE' ? head : spouse;
    const mother = head.sex === 'FEMALE' ? head : spouse;
    const youngestParentAge = Math.min(...[head, spouse].filter(isPerson).map((p) => this.age(p)));
    const maxAge = Math.min(youngestParentAge - 18, 30);
    if (maxAge < 0) {
      return [];
    }
    const count = this.rng.weighted([
      [0, 20],
      [1, 30],
      [2, 35],
      [3, 12],
      [4, 3],
    ] as const);
    return Array.from({ length: count }, () => {
      const child = this.person({
        age: this.rng.int(0, maxAge),
        sex: this.rng.chance(0.51) ? 'MALE' : 'FEMALE',
        familyName: (father ?? head).familyName,
        relationship: 'CHILD',
        ethnicity: local.ethnicity,
        religion: local.religion,
        birthProvince: local.provinceCode,
        birthCommune: local.communeCode,
      });
      child.fatherId = father?.personalId ?? null;
      child.motherId = mother?.personalId ?? null;
      return child;
    });
  }

  private parentOf(head: SeedPerson, headAge: number, local: Local): SeedPerson {
    const sex: Sex = this.rng.chance(0.6) ? 'FEMALE' : 'MALE';
    const familyName = sex === 'MALE' && head.sex === 'MALE' ? head.familyName : undefined;
    const parent = this.adult(
      local,
      Math.min(100, headAge + this.rng.int(20, 35)),
      sex,
      'PARENT',
      familyName,
    );
    if (sex === 'MALE') {
      head.fatherId = parent.personalId;
    } else {
      head.motherId = parent.personalId;
    }
    return parent;
  }

  private maybeDie(person: SeedPerson, members: readonly SeedPerson[]): void {
    if (this.age(person) < 18 || !this.rng.chance(DEATH_RATE[person.relationship])) {
      return;
    }
    const children = members.filter(
      (m) => m.fatherId === person.personalId || m.motherId === person.personalId,
    );
    const earliest = Math.max(
      this.asOfDay - 5 * 365,
      addYears(person.birthDay, 18),
      ...children.map((child) => child.birthDay + 1),
    );
    if (earliest < this.asOfDay - 1) {
      person.deathDay = this.rng.int(earliest, this.asOfDay - 1);
    }
  }

  private person(spec: PersonSpec): SeedPerson {
    const latest = addYears(this.asOfDay, -spec.age) - 1;
    const exactDay = this.rng.int(addYears(latest, -1) + 1, latest);
    const female = spec.sex === 'FEMALE';
    // Partial dates of birth are common among older citizens.
    const precision =
      yearOf(exactDay) < 1960
        ? this.rng.weighted([
            ['FULL', 70],
            ['YEAR_MONTH', 20],
            ['YEAR', 10],
          ] as const)
        : 'FULL';
    const birthDay = startOfPeriod(exactDay, precision);
    return {
      personalId: this.ids.personalId(spec.birthProvince, spec.sex, yearOf(birthDay)),
      familyName: spec.familyName,
      middleName: this.rng.pick(female ? FEMALE_MIDDLE_NAMES : MALE_MIDDLE_NAMES),
      givenName: this.rng.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES),
      sex: spec.sex,
      birthDay,
      precision,
      ethnicity: spec.ethnicity,
      religion: spec.religion,
      birthProvince: spec.birthProvince,
      birthCommune: spec.birthCommune,
      relationship: spec.relationship,
      fatherId: null,
      motherId: null,
      spouseId: null,
      deathDay: null,
    };
  }

  private age(person: SeedPerson): number {
    return ageOn(person.birthDay, this.asOfDay);
  }
}

interface Local {
  readonly ethnicity: string;
  readonly religion: string | null;
  readonly provinceCode: string;
  readonly communeCode: string;
}

function isPerson(value: SeedPerson | undefined): value is SeedPerson {
  return value !== undefined;
}

/** The first day of the period a partial date of birth stands for (stored as that day). */
function startOfPeriod(day: number, precision: SeedPerson['precision']): number {
  const iso = fromDay(day);
  switch (precision) {
    case 'FULL':
      return day;
    case 'YEAR_MONTH':
      return toDay(`${iso.slice(0, 7)}-01`);
    case 'YEAR':
      return toDay(`${iso.slice(0, 4)}-01-01`);
  }
}
