/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Look up an enterprise or branch by enterprise code (= tax code). Purpose, officer and case travel in the envelope, not here.
 */
export interface EnterpriseByCodeRequestV1 {
  enterpriseCode: string;
}
