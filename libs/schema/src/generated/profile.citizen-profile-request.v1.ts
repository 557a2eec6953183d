/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Ask for a composite profile of a citizen from every provider the consumer may query. Purpose, officer and case travel in the envelope, not here.
 */
export interface CitizenProfileRequestV1 {
  personalId: string;
}
