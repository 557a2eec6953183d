export { loadAdapterConfig, type AdapterConfig } from './adapter.config';
export {
  ADAPTER_CONFIG,
  AGENCY_DEFINITION,
  LOOKUP_HANDLERS,
  OFFICER_TOKEN_VERIFIER,
} from './adapter-kit.constants';
export { AdapterKitModule } from './adapter-kit.module';
export type {
  AgencyDefinition,
  DataSource,
  EntityManager,
  LookupContext,
  LookupHandler,
  LookupOutcome,
} from './agency-definition';
export {
  AUDIT_BATCH_MAX_RECORDS,
  AUDIT_BATCH_TYPE,
  AUDIT_LOG_PARTY,
  AUDIT_RECORD_TYPE,
  AuditTrail,
  acceptedFacts,
  namedRecordId,
  type AuditFacts,
} from './audit-trail';
export { BusRuntime, splitPems } from './bus-runtime';
export { GroupCommit, type GroupCommitOptions } from './group-commit';
export { AdapterError, AdapterErrorCode, ConfigurationState } from './configuration-state';
export {
  LookupClient,
  ProviderRefusal,
  type LookupEvidence,
  type LookupRequest,
  type LookupResult,
} from './lookup-client';
export { LookupServer, authorizeLookup, type LookupAnswer } from './lookup-server';
export { subjectOfQuery } from './lookups.controller';
export { minimiseRecord } from './minimise';
export {
  OfficerAuthGuard,
  OfficerTokenVerifier,
  Roles,
  type OfficerPrincipal,
  type OfficerRole,
} from './officer-auth.guard';
export { ProblemFilter } from './problem.filter';
export { configureHttpBodies, parseJsonBody, type HttpBodyOptions } from './http-api';
export { refuseRequest } from './refusal';
export { answerSigned, serveSignedService, type SignedService } from './signed-service';
export { runAdapter } from './run-adapter';
export { EventConsumer, eventConsumerOptions } from './events/event-consumer';
export { type EventOutcome } from './events/inbox-batch';
export {
  DEFAULT_EVENT_SETTINGS,
  EVENT_HANDLERS,
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
export { EVENT_ENTITIES, createEventTables, dropEventTables } from './events/event-tables';
export { EVENT_SCHEMA_DOMAIN, eventMessageType, eventTypeOf } from './events/event-types';
export { EventError, EventErrorCode } from './events/events.errors';
export { InboxEntry } from './events/inbox.entity';
export { OutboxEntry } from './events/outbox.entity';
export { OutboxRelay, type RelayRound } from './events/outbox-relay';
export { DocumentError, DocumentErrorCode } from './documents/documents.errors';
export {
  DOCUMENT_ENTITIES,
  addDocumentStatusSignature,
  createDocumentDeliveryTable,
  createDocumentTables,
  dropDocumentDeliveryTable,
  dropDocumentStatusSignature,
  dropDocumentTables,
} from './documents/documents.migration';
export {
  DocumentDelivery,
  type DeliveryKind,
  type DeliveryState,
} from './documents/document-delivery.entity';
export { DocumentOutbox, type DeliveryRound } from './documents/document-outbox';
export {
  DOCUMENT_UPLOAD_ROUTE,
  DOCUMENT_STATUS_TYPE,
  DOCUMENT_STATUS_V1_TYPE,
  EDOC_TYPE,
  documentInboxName,
  type EdocPayload,
  type StatusPayload,
  type StatusPayloadV1,
} from './documents/documents.constants';
export { loadDocumentsOptions, type DocumentsOptions } from './documents/documents.options';
export {
  checkTransition,
  lifecycleState,
  type DocumentParty,
  type LifecycleState,
} from './documents/document-lifecycle';
export type { DocumentDeclaration } from './documents/document-providers';
export type {
  DeliveryView,
  DocumentView,
  DocumentSummary,
  StatusView,
} from './documents/document-view';
export { DocumentRecord } from './documents/document.entity';
export { DocumentStatusRecord } from './documents/document-status.entity';
export { QuarantinedDocument } from './documents/quarantined-document.entity';
export { PING_SERVICE, PingController, PingServer } from './ping';
export {
  AUDIT_CHECKPOINT_TYPE,
  COSIGNATURE_TYPE,
  WITNESS_STATE,
  witnessConsumerName,
} from './witness/witness.constants';
export { WitnessError, WitnessErrorCode } from './witness/witness.errors';
export { createWitnessTables, dropWitnessTables } from './witness/witness.migration';
export type { WitnessDeclaration } from './witness/witness-providers';
export { WitnessService, type WitnessOutcome } from './witness/witness.service';
export { WitnessState, type WitnessStatus } from './witness/witness-state';
export {
  judgeCheckpoint,
  type OfferedConsistency,
  type WitnessVerdict,
  type WitnessedCheckpoint,
} from './witness/witness-verdict';
