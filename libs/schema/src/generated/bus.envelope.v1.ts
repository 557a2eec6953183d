/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * RFC 3339 UTC with milliseconds, e.g. 2025-07-01T08:00:00.000Z.
 */
export type Timestamp = string;
/**
 * The person or enterprise the data is about.
 */
export type DataSubject = DataSubject1;

/**
 * The signed body of every bus message: routing, trust and lineage facts plus the payload. Sent as the UTF-8 bytes of its RFC 8785 canonical JSON (docs/protocol.md).
 */
export interface EnvelopeV1 {
  /**
   * Protocol version.
   */
  v: 1;
  /**
   * Message id, a lowercase UUIDv7; also the Nats-Msg-Id header.
   */
  id: string;
  /**
   * Message type: the $id of the payload's JSON Schema.
   */
  type: string;
  sender: Party;
  recipient: Party;
  issuedAt: Timestamp;
  expiresAt: Timestamp;
  /**
   * Id of the first message of the conversation (lineage).
   */
  correlationId: string;
  /**
   * Id of the message that caused this one; on a reply, the request id.
   */
  causationId?: string;
  purpose?: Purpose;
  officer?: Officer;
  subject?: DataSubject;
  /**
   * On a reply: base64url (no padding) SHA-256 of the exact request body bytes.
   */
  requestHash?: string;
  /**
   * The message payload, valid against the schema named by type.
   */
  payload: unknown;
}
/**
 * A member and one of its subsystems.
 */
export interface Party {
  member: string;
  subsystem: string;
}
/**
 * Why the data is processed: administrative procedure (TTHC code), legal basis and case or dossier id.
 */
export interface Purpose {
  procedure: string;
  legalBasis: string;
  caseId: string;
}
/**
 * The acting official, as known to the sending agency.
 */
export interface Officer {
  id: string;
  role?: string;
  unit?: string;
}
export interface DataSubject1 {
  scheme: 'personal-id' | 'enterprise-code' | 'social-insurance-number';
  id: string;
}
