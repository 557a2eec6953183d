/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * An HTTP error answer (RFC 9457, media type application/problem+json) with the stable `code` of docs/errors.md. Unknown failures carry only an `errorId` that the service logs with the real cause. Codes may add extension members (e.g. `errors` with schema violations).
 */
export interface ProblemV1 {
  /**
   * urn:lienthong:problem:<CODE>
   */
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  /**
   * The request path.
   */
  instance?: string;
  /**
   * Present on INTERNAL_ERROR: the id the service logged the cause under.
   */
  errorId?: string;
}
