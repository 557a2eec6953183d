/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Body of POST /v1/documents/{id}/status: the status an officer posts. A body that does not fit: DOCUMENT_METADATA_INVALID.
 */
export interface StatusRequestV1 {
  /**
   * 02 return, 03 accept, 04 assign, 05 process, 06 complete; the sender's 13 (take back), answered with 15 or 16.
   */
  code: '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';
  /**
   * The reason: required for 02 and 16.
   */
  description?: string;
  /**
   * For the sender's statuses: the recipient it is about.
   */
  recipient?: string;
}
