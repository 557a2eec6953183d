/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Population (POP) marked a citizen deceased.
 */
export interface CitizenDeceasedV1 {
  /**
   * The dossier (procedure instance) id; the envelope's correlationId carries the same value.
   */
  dossierId: string;
  personalId: string;
  dateOfDeath: string;
}
