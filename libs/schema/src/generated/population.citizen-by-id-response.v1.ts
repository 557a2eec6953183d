/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The citizen with the requested personal id, or NOT_FOUND.
 */
export type CitizenByIdResponseV1 = Found | NotFound;

/**
 * The record, minimised to the fields the access right allows.
 */
export interface Found {
  status: 'FOUND';
  record: Record;
  policy: Policy;
}
/**
 * A citizen of the national population database. Every field but personalId may be left out by minimisation.
 */
export interface Record {
  personalId: string;
  fullName?: string;
  dateOfBirth?: DateOfBirth;
  sex?: 'MALE' | 'FEMALE';
  ethnicity?: string;
  /**
   * Null when the citizen declared none.
   */
  religion?: string | null;
  /**
   * ISO 3166-1 alpha-2.
   */
  nationality?: string;
  birthRegistrationCommune?: string;
  permanentResidence?: Residence | null;
  temporaryResidence?: Residence | null;
  household?: {
    householdNo: string;
    relationshipToHead: 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'GRANDCHILD' | 'OTHER';
  } | null;
  fatherId?: string | null;
  motherId?: string | null;
  spouseId?: string | null;
  status?: 'ALIVE' | 'DECEASED';
  dateOfDeath?: string | null;
}
/**
 * A date of birth with the precision that is known: 1985-03-14 FULL, 1985-03 YEAR_MONTH, 1985 YEAR.
 */
export interface DateOfBirth {
  value: string;
  precision: 'FULL' | 'YEAR_MONTH' | 'YEAR';
}
export interface Residence {
  communeCode: string;
  address: string;
  since: string;
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
