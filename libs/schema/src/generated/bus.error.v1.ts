/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Payload of a signed error reply. Internal failures are opaque: code INTERNAL_ERROR and an errorId found in the provider's logs.
 */
export interface ErrorV1 {
  /**
   * Stable UPPER_SNAKE error code, prefixed by its area (docs/errors.md).
   */
  code: string;
  message: string;
  /**
   * Id of the rejected message, when it could be read.
   */
  messageId?: string;
  /**
   * Id of the log entry of an internal error.
   */
  errorId?: string;
}
