/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Body of POST /v1/births: a birth as a commune officer submits it; the parents by personal id only (checked again by look-up). A body that does not fit: BIRTH_REQUEST_INVALID.
 */
export interface BirthRequestV1 {
  /**
   * Commune code (5 digits).
   */
  communeCode: string;
  child: {
    fullName: string;
    sex: 'MALE' | 'FEMALE';
    /**
     * A date, YYYY-MM-DD.
     */
    birthDate: string;
    placeOfBirth: string;
  };
  /**
   * Personal identification number (12 digits).
   */
  fatherPersonalId?: string;
  /**
   * Personal identification number (12 digits).
   */
  motherPersonalId?: string;
  /**
   * The parent whose household the child joins; the mother, else the father, by default.
   */
  residenceParentPersonalId?: string;
}
