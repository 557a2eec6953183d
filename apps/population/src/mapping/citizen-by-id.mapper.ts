import type { CitizenView } from '../registry/population-registry.repository';
import type { DatePrecision, HouseholdRelationship, Sex } from '../registry/citizen.entity';
import type { Residence } from '../registry/residence.entity';

/** A date of birth as known: `1985-03-14` FULL, `1985-03` YEAR_MONTH, `1985` YEAR. */
export interface DateOfBirth {
  readonly value: string;
  readonly precision: DatePrecision;
}

/** A residence in force, as the `citizen-by-id` response schema describes it. */
export interface ResidenceRecord {
  readonly communeCode: string;
  readonly address: string;
  readonly since: string;
}

/** The citizen's household membership. */
export interface HouseholdRecord {
  readonly householdNo: string;
  readonly relationshipToHead: HouseholdRelationship;
}

/** The `record` of `urn:lienthong:population:citizen-by-id-response:1`, before minimisation. */
export interface CitizenRecord {
  readonly personalId: string;
  readonly fullName: string;
  readonly dateOfBirth: DateOfBirth;
  readonly sex: Sex;
  readonly ethnicity: string;
  readonly religion: string | null;
  readonly nationality: string;
  readonly birthRegistrationCommune: string;
  readonly permanentResidence: ResidenceRecord | null;
  readonly temporaryResidence: ResidenceRecord | null;
  readonly household: HouseholdRecord | null;
  readonly fatherId: string | null;
  readonly motherId: string | null;
  readonly spouseId: string | null;
  readonly status: 'ALIVE' | 'DECEASED';
  readonly dateOfDeath: string | null;
}

/** Characters of an ISO date (`YYYY-MM-DD`) that each precision keeps. */
const PRECISION_LENGTH: Readonly<Record<DatePrecision, number>> = {
  FULL: 10,
  YEAR_MONTH: 7,
  YEAR: 4,
};

/**
 * The registry stores a partial date as the first day of its period (`1985-03-01` for March
 * 1985); answering that day would invent a precision the registry does not have.
 */
export function toDateOfBirth(birthDate: string, precision: DatePrecision): DateOfBirth {
  return { value: birthDate.slice(0, PRECISION_LENGTH[precision]), precision };
}

/** A current residence registration, or null when the citizen has none of that kind. */
export function toResidenceRecord(residence: Residence | undefined): ResidenceRecord | null {
  if (!residence) {
    return null;
  }
  return {
    communeCode: residence.communeCode,
    address: residence.address,
    since: residence.registeredOn,
  };
}

/**
 * Household membership. Older records may lack the relationship: the head is recognised from
 * the household itself, anyone else is OTHER rather than a guessed kinship.
 */
export function toHouseholdRecord(view: CitizenView): HouseholdRecord | null {
  const { citizen, household } = view;
  if (citizen.householdNo === null) {
    return null;
  }
  const isHead = household?.headPersonalId === citizen.personalId;
  return {
    householdNo: citizen.householdNo,
    relationshipToHead: citizen.relationshipToHead ?? (isHead ? 'HEAD' : 'OTHER'),
  };
}

/** Maps the registry's view of a citizen to the `citizen-by-id` record. */
export function toCitizenRecord(view: CitizenView): CitizenRecord {
  const { citizen } = view;
  return {
    personalId: citizen.personalId,
    fullName: citizen.fullName,
    dateOfBirth: toDateOfBirth(citizen.birthDate, citizen.birthDatePrecision),
    sex: citizen.sex,
    ethnicity: citizen.ethnicity,
    religion: citizen.religion,
    nationality: citizen.nationality,
    birthRegistrationCommune: citizen.birthRegistrationCommune,
    permanentResidence: toResidenceRecord(view.residences.PERMANENT),
    temporaryResidence: toResidenceRecord(view.residences.TEMPORARY),
    household: toHouseholdRecord(view),
    fatherId: citizen.fatherId,
    motherId: citizen.motherId,
    spouseId: citizen.spouseId,
    status: citizen.status,
    dateOfDeath: citizen.dateOfDeath,
  };
}
