// The kit's public surface: what an agency app, the launcher and the benches need.
// Test helpers that reach into the lanes are in ./testing (`@lienthong/adapter-kit/testing`).

// Assembly: what an app declares and how it starts.
export type { AgencyDefinition, DataSource, EntityManager } from './agency-definition';
export { AdapterKitModule } from './adapter-kit.module';
export { adapterMigrations } from './adapter-migrations';
export { runAdapter } from './run-adapter';

// Core: runtime, configuration, audit trail, officers, errors.
export { loadAdapterConfig, type AdapterConfig } from './core/adapter.config';
export { AdapterError, AdapterErrorCode } from './core/adapter.errors';
export { OFFICER_TOKEN_VERIFIER } from './core/adapter-kit.constants';
export {
  AUDIT_BATCH_TYPE,
  AUDIT_LOG_PARTY,
  AUDIT_RECORD_TYPE,
  AuditTrail,
  namedRecordId,
  type AuditFacts,
} from './core/audit-trail';
export { BusRuntime } from './core/bus-runtime';
export { GroupCommit, type GroupCommitOptions } from './core/group-commit';
export {
  OfficerAuthGuard,
  OfficerTokenVerifier,
  Roles,
  type OfficerPrincipal,
  type OfficerRole,
} from './core/officer-auth.guard';
export { configureHttpBodies, parseJsonBody, type HttpBodyOptions } from './core/http-api';
export { validateRequestBody } from './core/request-body';

// Look-ups: the handler contract, the client, signed services outside the catalog.
export type { LookupContext, LookupHandler, LookupOutcome } from './lookups/lookup-handler';
export {
  LookupClient,
  type LookupEvidence,
  type LookupRequest,
  type LookupResult,
} from './lookups/lookup-client';
export { PING_SERVICE } from './lookups/ping';
export { ProviderError, ProviderErrorCode } from './lookups/provider.errors';
export { serveSignedService, type SignedService } from './lookups/signed-service';

// Events: the handler contract, the publisher, the relay and the consumers' settings.
export { eventConsumerOptions } from './events/event-consumer';
export {
  type BusEvent,
  type EventBatchContext,
  type EventContext,
  type EventHandler,
  type EventHandlerType,
  type EventSettings,
  type FollowUpEvent,
  type OutgoingEvent,
} from './events/event-handler';
export { EventPublisher } from './events/event-publisher';
export { EVENT_ENTITIES } from './events/event-tables';
export { eventTypeOf } from './events/event-types';
export { EventError, EventErrorCode } from './events/events.errors';
export { type EventOutcome } from './events/inbox-batch';
export { OutboxRelay, type RelayRound } from './events/outbox-relay';

// Official documents.
export { DOCUMENT_UPLOAD_ROUTE, documentInboxName } from './documents/documents.constants';
export { AttachmentStores } from './documents/attachment-stores';
export { DocumentError, DocumentErrorCode } from './documents/documents.errors';

// The audit-log witness.
export { COSIGNATURE_TYPE, witnessConsumerName } from './witness/witness.constants';
export { WitnessError, WitnessErrorCode } from './witness/witness.errors';

// Webhooks: push to the agency's own systems.
export { WebhookOutbox, type WebhookEvent } from './webhooks/webhook-outbox';
export {
  DELIVERY_ID_HEADER,
  TOPIC_HEADER,
  WEBHOOK_SIGNATURE_TAG,
  WEBHOOK_SIGNED_FIELDS,
} from './webhooks/webhook-signature';
export { WEBHOOK_TOPICS, type WebhookTopic } from './webhooks/webhooks.constants';
export { WebhookError, WebhookErrorCode } from './webhooks/webhooks.errors';
