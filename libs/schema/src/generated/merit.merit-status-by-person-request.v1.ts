/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Confirm whether a person is registered as a person with meritorious service (war invalid, sick soldier, or treated as a war invalid: xác nhận thương binh), by personal identification number. Purpose, officer and case travel in the envelope, not here.
 */
export interface MeritStatusByPersonRequestV1 {
  personalId: string;
}
