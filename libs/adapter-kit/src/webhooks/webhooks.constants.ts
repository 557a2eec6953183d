/** Injection token of the relay's {@link WebhooksOptions}. */
export const WEBHOOKS_OPTIONS = Symbol('WEBHOOKS_OPTIONS');

/** Schema of each delivery's body (`schemas/webhooks/webhook-delivery/v1`). */
export const WEBHOOK_DELIVERY_TYPE = 'urn:lienthong:webhooks:webhook-delivery:1';
/** Schema of `POST /v1/webhooks` (`schemas/webhooks/endpoint-request/v1`). */
export const WEBHOOK_ENDPOINT_REQUEST_TYPE = 'urn:lienthong:webhooks:endpoint-request:1';

/** What an agency's systems can be told. */
export const WEBHOOK_TOPICS = ['document.received', 'document.status', 'dossier.step'] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];
