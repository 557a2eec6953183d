/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Civil status (CIV) registered a birth (khai sinh). Population assigns the child's personal id and registers permanent residence in the household of `residenceParentPersonalId`; the parents were verified by look-up.
 */
export interface BirthRegisteredV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  /**
   * Where the act is written: registering commune, book (quyển số), entry (số) and date.
   */
  registration: {
    /**
     * Commune code (5 digits).
     */
    communeCode: string;
    bookNo: string;
    entryNo: number;
    registeredOn: string;
  };
  child: {
    fullName: string;
    sex: 'MALE' | 'FEMALE';
    birthDate: string;
    placeOfBirth: string;
    ethnicity?: string;
    nationality?: string;
  };
  fatherPersonalId?: string;
  motherPersonalId?: string;
  residenceParentPersonalId: string;
}
