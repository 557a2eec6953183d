/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

export type Uuid = string;

/**
 * One audit record an adapter emits on LT_AUDIT for every message it accepts or refuses. Never a payload: digests only, and the data subject only as a keyed hash.
 */
export interface AuditRecordV1 {
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
  recorder?: Party1;
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
  correlationId?: Uuid;
  causationId?: Uuid;
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
/**
 * Who wrote the record: the member system that accepted or refused the message, which must be the signer of the batch carrying it. A subscriber's record of an event names the subscriber, the event's publisher being its sender and recipient.
 */
export interface Party1 {
  member: string;
  subsystem: string;
}
