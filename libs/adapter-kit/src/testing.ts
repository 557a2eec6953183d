// Test helpers (`@lienthong/adapter-kit/testing`): the lanes' internals that int and e2e tests and
// the benches drive directly. Production code imports `@lienthong/adapter-kit` only.

export { LookupServer } from './lookups/lookup-server';
export { EventConsumer } from './events/event-consumer';
export { eventMessageType } from './events/event-types';
export { DocumentOutbox } from './documents/document-outbox';
export {
  DOCUMENT_STATUS_TYPE,
  DOCUMENT_STATUS_V1_TYPE,
  EDOC_TYPE,
  type EdocPayload,
  type StatusPayload,
  type StatusPayloadV1,
} from './documents/documents.constants';
export { AUDIT_CHECKPOINT_TYPE, WITNESS_STATE } from './witness/witness.constants';
export { WitnessState, type WitnessStatus } from './witness/witness-state';
export { XRoadEdgeServer } from './lookups/xroad-edge-server';
export { startXRoadListener, useAdapterBodyParser } from './lookups/xroad-listener';
// The kit's table DDL, for tests that build a bare schema without an adapter.
export { createEventTables, dropEventTables } from './events/event-tables';
export { createDocumentTables, dropDocumentTables } from './documents/documents.migration';
export { createWitnessTables, dropWitnessTables } from './witness/witness.migration';
export { WebhookRelay } from './webhooks/webhook-relay';
export { WebhookRepository } from './webhooks/webhook.repository';
export { createWebhookTables, dropWebhookTables } from './webhooks/webhooks.migration';
