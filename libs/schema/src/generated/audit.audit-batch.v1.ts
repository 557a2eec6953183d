/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Audit records one adapter publishes together on LT_AUDIT in one signed envelope (group commit): the records of the messages it accepted or refused while the previous batch was being stored. The audit service verifies the envelope once, then checks and appends every record on its own (a refused record never takes the others with it); each record is a leaf of the log.
 */
export interface AuditBatchV1 {
  /**
   * Each item is checked against urn:lienthong:audit:audit-record:1 on its own: a record that fails is refused alone, the others are appended.
   *
   * @minItems 1
   * @maxItems 256
   */
  records: Record<string, unknown>[];
}
