/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The person or enterprise the data is about.
 */
export type DataSubject = {
  scheme: 'personal-id' | 'enterprise-code' | 'social-insurance-number';
  id: string;
};

/**
 * A composite citizen profile: one part per provider asked, each the provider's own signed response (verifiable by the consumer without trusting the aggregator) or a per-part error.
 */
export interface CitizenProfileResponseV1 {
  personalId: string;
  /**
   * @minItems 1
   */
  parts: (OkPart | ErrorPart)[];
}
export interface OkPart {
  provider: Provider;
  status: 'OK';
  envelope: Envelope;
  /**
   * The provider's detached JWS over the canonical bytes of envelope.
   */
  signature: string;
  /**
   * The signer's certificate chain (PEM, leaf first) as the consumer's trust store knew it, so that the part can be checked against the bus root alone, as lookup evidence is.
   *
   * @minItems 1
   * @maxItems 6
   */
  certificates?: string[];
}
/**
 * Who was asked, for which service.
 */
export interface Provider {
  member: string;
  subsystem: string;
  service: string;
}
/**
 * The provider's signed response envelope body, as received; its payload is that service's response.
 */
export interface Envelope {
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
  /**
   * RFC 3339 UTC with milliseconds, e.g. 2025-07-01T08:00:00.000Z.
   */
  issuedAt: string;
  /**
   * RFC 3339 UTC with milliseconds, e.g. 2025-07-01T08:00:00.000Z.
   */
  expiresAt: string;
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
export interface ErrorPart {
  provider: Provider;
  status: 'ERROR';
  error: {
    code: string;
    message: string;
    retryable: boolean;
  };
}
