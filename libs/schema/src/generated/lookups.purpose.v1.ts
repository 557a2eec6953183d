/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Why an officer asks (HTTP body part of POST /v1/lookups/{service} and POST /v1/profiles/citizen): the administrative procedure, its legal basis and the case. Missing or malformed: ACCESS_PURPOSE_MISSING.
 */
export interface PurposeV1 {
  procedure: string;
  legalBasis: string;
  caseId: string;
}
