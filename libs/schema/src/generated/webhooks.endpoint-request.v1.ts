/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * Body of POST /v1/webhooks: a receiver of the agency's own systems and the topics it takes. A body that does not fit: WEBHOOK_REQUEST_INVALID.
 */
export interface EndpointRequestV1 {
  /**
   * Absolute http(s) URL the adapter POSTs each delivery to; no user info, no fragment. Use https outside a closed network.
   */
  url: string;
  /**
   * document.received: an official document arrived; document.status: a status of a document this agency sent (or the sender's take-back of one it received); dossier.step: a step of an interconnected procedure was done or refused.
   *
   * @minItems 1
   * @maxItems 3
   */
  topics: ('document.received' | 'document.status' | 'dossier.step')[];
  /**
   * What the receiver is, for the operator.
   */
  description?: string;
}
