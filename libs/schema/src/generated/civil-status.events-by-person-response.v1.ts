/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The person's civil-status events, or NOT_FOUND when the registry holds no act for them.
 */
export type EventsByPersonResponseV1 = Found | NotFound;

/**
 * The record, minimised to the fields the access right allows.
 */
export interface Found {
  status: 'FOUND';
  record: Record;
  policy: Policy;
}
/**
 * The civil-status acts whose subject is the person: birth, death and marriages. Every field but personalId may be left out by minimisation.
 */
export interface Record {
  personalId: string;
  birth?: {
    registration: Registration;
    fullName: string;
    sex: 'MALE' | 'FEMALE';
    dateOfBirth: DateOfBirth;
    placeOfBirth?: string;
    fatherId?: string | null;
    motherId?: string | null;
    registrationType: 'ON_TIME' | 'LATE' | 'RE_REGISTRATION' | 'FOREIGN_RECORDED';
  } | null;
  death?: {
    registration: Registration;
    dateOfDeath: string;
    placeOfDeath?: string;
    declarantId?: string | null;
  } | null;
  marriages?: {
    registration: Registration;
    husbandId: string;
    wifeId: string;
    status: 'REGISTERED' | 'DIVORCED' | 'ENDED_BY_DEATH';
  }[];
}
/**
 * Where the act is written: registering commune, book (quyển số), entry (số) and date.
 */
export interface Registration {
  communeCode: string;
  bookNo: string;
  entryNo: number;
  registeredOn: string;
}
/**
 * A date of birth with the precision that is known: 1985-03-14 FULL, 1985-03 YEAR_MONTH, 1985 YEAR.
 */
export interface DateOfBirth {
  value: string;
  precision: 'FULL' | 'YEAR_MONTH' | 'YEAR';
}
/**
 * What minimisation was applied to the record.
 */
export interface Policy {
  /**
   * Service code the answer was given for.
   */
  service: string;
  /**
   * Purpose (procedure code) the access right was granted for.
   */
  purpose: string;
  /**
   * Record fields the access right allows; every other field was removed.
   */
  fields: string[];
}
/**
 * The registry holds no record for the key.
 */
export interface NotFound {
  status: 'NOT_FOUND';
}
