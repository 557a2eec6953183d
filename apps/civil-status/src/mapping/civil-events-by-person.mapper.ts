import type {
  BirthRegistration,
  BirthRegistrationType,
} from '../registry/birth-registration.entity';
import type { PersonEvents } from '../registry/civil-status.repository';
import type { DeathRegistration } from '../registry/death-registration.entity';
import type {
  MarriageRegistration,
  MarriageStatus,
} from '../registry/marriage-registration.entity';
import type { RegisterEntry } from '../registry/register-entry.entity';

/** Precision of a date of birth; partial dates are normal in Vietnamese registries. */
export type DatePrecision = BirthRegistration['birthDatePrecision'];

/** A date of birth as known: `1985-03-14` FULL, `1985-03` YEAR_MONTH, `1985` YEAR. */
export interface DateOfBirth {
  readonly value: string;
  readonly precision: DatePrecision;
}

/** Where an act is written: registering commune, book (quyển số), entry (số) and date. */
export interface RegistrationRecord {
  readonly communeCode: string;
  readonly bookNo: string;
  readonly entryNo: number;
  readonly registeredOn: string;
}

/** The person's birth registration. */
export interface BirthRecord {
  readonly registration: RegistrationRecord;
  readonly fullName: string;
  readonly sex: 'MALE' | 'FEMALE';
  readonly dateOfBirth: DateOfBirth;
  readonly placeOfBirth: string;
  readonly fatherId: string | null;
  readonly motherId: string | null;
  readonly registrationType: BirthRegistrationType;
}

/** The person's death registration. */
export interface DeathRecord {
  readonly registration: RegistrationRecord;
  readonly dateOfDeath: string;
  readonly placeOfDeath: string;
  readonly declarantId: string | null;
}

/** A marriage the person is party to. */
export interface MarriageRecord {
  readonly registration: RegistrationRecord;
  readonly husbandId: string;
  readonly wifeId: string;
  readonly status: MarriageStatus;
}

/** The `record` of `urn:lienthong:civil-status:events-by-person-response:1`. */
export interface CivilEventsRecord {
  readonly personalId: string;
  readonly birth: BirthRecord | null;
  readonly death: DeathRecord | null;
  readonly marriages: readonly MarriageRecord[];
}

/** Characters of an ISO date (`YYYY-MM-DD`) that each precision keeps. */
const PRECISION_LENGTH: Readonly<Record<DatePrecision, number>> = {
  FULL: 10,
  YEAR_MONTH: 7,
  YEAR: 4,
};

/**
 * The register stores a partial date as the first day of its period (`1985-03-01` for March
 * 1985); answering that day would invent a precision the register does not have.
 */
export function toDateOfBirth(birthDate: string, precision: DatePrecision): DateOfBirth {
  return { value: birthDate.slice(0, PRECISION_LENGTH[precision]), precision };
}

/** The book reference of any civil-status act. */
export function toRegistrationRecord(entry: RegisterEntry): RegistrationRecord {
  return {
    communeCode: entry.registeringCommune,
    bookNo: entry.bookNo,
    entryNo: entry.entryNo,
    registeredOn: entry.registeredOn,
  };
}

/** A birth registration, parents named by personal id. */
export function toBirthRecord(birth: BirthRegistration): BirthRecord {
  return {
    registration: toRegistrationRecord(birth),
    fullName: birth.childFullName,
    sex: birth.sex,
    dateOfBirth: toDateOfBirth(birth.birthDate, birth.birthDatePrecision),
    placeOfBirth: birth.placeOfBirth,
    fatherId: birth.fatherPersonalId,
    motherId: birth.motherPersonalId,
    registrationType: birth.registrationType,
  };
}

/** A death registration, with the declaring relative when known. */
export function toDeathRecord(death: DeathRegistration): DeathRecord {
  return {
    registration: toRegistrationRecord(death),
    dateOfDeath: death.dateOfDeath,
    placeOfDeath: death.placeOfDeath,
    declarantId: death.declarantPersonalId,
  };
}

/** A marriage registration between two persons named by personal id. */
export function toMarriageRecord(marriage: MarriageRegistration): MarriageRecord {
  return {
    registration: toRegistrationRecord(marriage),
    husbandId: marriage.husbandPersonalId,
    wifeId: marriage.wifePersonalId,
    status: marriage.status,
  };
}

/** Maps the acts whose subject is `personalId` to the `civil-events-by-person` record. */
export function toCivilEventsRecord(personalId: string, events: PersonEvents): CivilEventsRecord {
  return {
    personalId,
    birth: events.birth ? toBirthRecord(events.birth) : null,
    death: events.death ? toDeathRecord(events.death) : null,
    marriages: events.marriages.map(toMarriageRecord),
  };
}
