/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Civil status (CIV) registered a death (khai tử). `procedures` is the requester's choice of 2, 3 or 4 interconnected procedures; the other agencies act only on what was chosen.
 */
export interface DeathRegisteredV1 {
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
  deceasedPersonalId: string;
  fullName: string;
  dateOfDeath: string;
  placeOfDeath?: string;
  /**
   * @minItems 2
   * @maxItems 4
   */
  procedures: (
    'DEATH_REGISTRATION' | 'RESIDENCE_REMOVAL' | 'FUNERAL_ALLOWANCE' | 'SURVIVOR_BENEFIT'
  )[];
}
