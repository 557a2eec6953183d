/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Audit records one adapter publishes together on LT_AUDIT in one signed envelope (group commit): the records of the messages it accepted or refused while the previous batch was being stored. The audit service verifies the envelope once and appends every record; each record is then a leaf of the log on its own.
 */
export interface AuditBatchV1 {
  /**
   * @minItems 1
   * @maxItems 256
   */
  records: AuditRecord[];
}
/**
 * One audit record an adapter emits on LT_AUDIT for every message it accepts or refuses. Never a payload: digests only, and the data subject only as a keyed hash.
 */
export interface AuditRecord {
  /**
   * Unique id of the record (UUID); the log stores each id once.
   */
  recordId: string;
  /**
   * Envelope id of the message the record is about.
   */
  messageId: string;
  /**
   * Message type of that message.
   */
  type: string;
  sender: Party;
  recipient?: Party;
  purpose?: {
    procedure: string;
    legalBasis: string;
    caseId?: string;
  };
  /**
   * Acting officer's id at the sending agency.
   */
  officer?: string;
  /**
   * HMAC-SHA256 of scheme:id under the bus subject key.
   */
  subjectRef?: string;
  outcome:
    | {
        status: 'accepted';
      }
    | {
        status: 'refused';
        code: string;
      };
  payloadDigest?: string;
  signatureDigest?: string;
  traceId?: string;
  correlationId?: string;
  causationId?: string;
  /**
   * Record fields disclosed (after minimisation).
   *
   * @maxItems 128
   */
  fields?: string[];
  time: string;
}
export interface Party {
  member: string;
  subsystem: string;
}
