/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Look up a citizen in the national population database by personal identification number. Purpose, officer and case travel in the envelope, not here.
 */
export interface CitizenByIdRequestV1 {
  personalId: string;
}
