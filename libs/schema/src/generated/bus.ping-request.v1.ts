/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Liveness look-up served by every adapter (service code ping): the provider echoes the nonce, signed.
 */
export interface PingRequestV1 {
  /**
   * Random base64url string chosen by the caller.
   */
  nonce: string;
}
