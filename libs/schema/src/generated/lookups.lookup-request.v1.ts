/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Body of POST /v1/lookups/{service}: an officer's purpose-bound look-up. The query is the service's own request payload (its schema is in the service catalog); a body that does not fit: LOOKUP_REQUEST_INVALID.
 */
export interface LookupRequestV1 {
  purpose: Purpose;
  /**
   * The request payload of the service, e.g. {"personalId": "001203012345"}.
   */
  query: {
    [k: string]: unknown | undefined;
  };
  /**
   * Ties this look-up to others of the same conversation (a UUID); one is made when absent.
   */
  correlationId?: string;
}
/**
 * Why an officer asks (HTTP body part of POST /v1/lookups/{service} and POST /v1/profiles/citizen): the administrative procedure, its legal basis and the case. Missing or malformed: ACCESS_PURPOSE_MISSING.
 */
export interface Purpose {
  procedure: string;
  legalBasis: string;
  caseId: string;
}
