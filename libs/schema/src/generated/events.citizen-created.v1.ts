/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Population (POP) created a citizen record and assigned its personal identification number (số định danh cá nhân).
 */
export interface CitizenCreatedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  personalId: string;
  fullName: string;
  sex: 'MALE' | 'FEMALE';
  birthDate: string;
  /**
   * Commune code (5 digits).
   */
  birthRegistrationCommune: string;
  fatherPersonalId?: string;
  motherPersonalId?: string;
  householdNo?: string;
}
