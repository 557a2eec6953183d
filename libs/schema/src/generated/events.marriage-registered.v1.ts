/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Civil status (CIV) registered a marriage (kết hôn); population records the spouses.
 */
export interface MarriageRegisteredV1 {
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
  husbandPersonalId: string;
  wifePersonalId: string;
}
