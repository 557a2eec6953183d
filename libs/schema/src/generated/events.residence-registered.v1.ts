/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Population (POP) registered a residence (đăng ký thường trú or tạm trú).
 */
export interface ResidenceRegisteredV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  personalId: string;
  kind: 'PERMANENT' | 'TEMPORARY';
  householdNo: string;
  /**
   * Commune code (5 digits).
   */
  communeCode: string;
  registeredOn: string;
}
