/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Body of POST /v1/deaths: a death as a commune officer submits it, with the procedures the family chose (DEATH_REGISTRATION and RESIDENCE_REMOVAL, plus FUNERAL_ALLOWANCE, plus SURVIVOR_BENEFIT; the choice is checked by the service). A body that does not fit: DEATH_REQUEST_INVALID.
 */
export interface DeathRequestV1 {
  /**
   * Commune code (5 digits).
   */
  communeCode: string;
  /**
   * Personal identification number (12 digits).
   */
  deceasedPersonalId: string;
  /**
   * A date, YYYY-MM-DD.
   */
  dateOfDeath: string;
  placeOfDeath: string;
  /**
   * DEATH_REGISTRATION, RESIDENCE_REMOVAL, FUNERAL_ALLOWANCE, SURVIVOR_BENEFIT.
   */
  procedures: string[];
  /**
   * Who declares the death, when known.
   */
  declarantPersonalId?: string;
}
