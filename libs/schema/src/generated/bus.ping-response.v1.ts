/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Answer to a ping: the caller's nonce, who answered and the provider's clock.
 */
export interface PingResponseV1 {
  nonce: string;
  member: string;
  subsystem: string;
  /**
   * The provider's clock, RFC 3339 UTC with milliseconds.
   */
  time: string;
}
