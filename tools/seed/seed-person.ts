/** Sex of a synthetic person. */
export type Sex = 'MALE' | 'FEMALE';

/** A synthetic citizen as the generator models them before writing rows. */
export interface SeedPerson {
  readonly personalId: string;
  readonly familyName: string;
  readonly middleName: string;
  readonly givenName: string;
  readonly sex: Sex;
  readonly birthDay: number;
  readonly precision: 'FULL' | 'YEAR_MONTH' | 'YEAR';
  readonly ethnicity: string;
  readonly religion: string | null;
  /** Legacy province code of the birth registration (digits 2-3 of the personal id). */
  readonly birthProvince: string;
  readonly birthCommune: string;
  readonly relationship: 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT';
  fatherId: string | null;
  motherId: string | null;
  spouseId: string | null;
  deathDay: number | null;
}

/** A synthetic household: where it lives and who lives there, head first. */
export interface SeedHousehold {
  readonly householdNo: string;
  readonly provinceCode: string;
  readonly communeCode: string;
  readonly address: string;
  readonly registeredDay: number;
  readonly members: SeedPerson[];
}

/** Full name in Vietnamese order: family, middle, given. */
export function fullName(person: SeedPerson): string {
  return `${person.familyName} ${person.middleName} ${person.givenName}`;
}
