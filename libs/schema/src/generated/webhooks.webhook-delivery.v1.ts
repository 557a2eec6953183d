/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Body of one webhook delivery, POSTed by the adapter to a registered endpoint and signed with HTTP Message Signatures (RFC 9421). Retries carry the same bytes and the same id: the receiver dedupes on it.
 */
export interface WebhookDeliveryV1 {
  /**
   * Delivery id, also in the Lt-Delivery-Id header: the same at every attempt.
   */
  id: string;
  topic: 'document.received' | 'document.status' | 'dossier.step';
  occurredAt: string;
  /**
   * The adapter that signed the delivery.
   */
  agency: {
    member: string;
    subsystem: string;
  };
  data: DocumentReceived | DocumentStatus | DossierStep;
}
export interface DocumentReceived {
  kind: 'document.received';
  /**
   * The copy's id at this adapter: GET /v1/documents/{documentRef}.
   */
  documentRef: string;
  documentId: string;
  senderMember: string;
  senderOrganId?: string;
  subject: string;
  businessType: 'new' | 'revoke' | 'update' | 'replace';
  packageSha256: string;
}
export interface DocumentStatus {
  kind: 'document.status';
  documentRef: string;
  documentId: string;
  /**
   * outgoing: a recipient's status of a document this agency sent; incoming: the sender's take-back (13) of a document this agency received.
   */
  direction: 'outgoing' | 'incoming';
  /**
   * The member that posted the status.
   */
  member: string;
  code: string;
  description?: string;
  reasonCode?: string;
  messageId: string;
}
export interface DossierStep {
  kind: 'dossier.step';
  dossierId: string;
  step: string;
  status: 'DONE' | 'REFUSED';
  code?: string;
  reason?: string;
  eventId: string;
}
