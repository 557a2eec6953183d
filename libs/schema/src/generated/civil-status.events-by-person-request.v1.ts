/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Look up the civil-status events (birth, death, marriages) of a person. Purpose, officer and case travel in the envelope, not here.
 */
export interface EventsByPersonRequestV1 {
  personalId: string;
}
