export {
  busConnectionOptions,
  busFeatures,
  connectBus,
  drainBus,
  natsServerUrls,
  type BusConnectionOptions,
  type BusFeatures,
} from './connection';
export {
  consumeDurable,
  publishDeadLetter,
  type ConsumeDurableOptions,
  type DeadLetterInput,
  type DurableConsumption,
  type DurableMessage,
  type PoisonReport,
} from './durable-consume';
export {
  publishDurable,
  type DurableOutgoing,
  type DurablePublishAck,
  type PublishDurableOptions,
} from './durable-publish';
export {
  LT_DLQ_CONSUMER,
  LT_DLQ_DELIVERIES,
  LT_DLQ_REASON,
  LT_DLQ_RECORD,
  LT_DLQ_SEQ,
  LT_DLQ_STREAM,
  LT_DLQ_SUBJECT,
  LT_ERROR_CODE,
  LT_ERROR_ID,
  LT_SIGNATURE,
  LT_TYPE,
  NATS_MSG_ID,
  fromNatsHeaders,
  toNatsHeaders,
  type HeaderRecord,
} from './headers';
export { MessagingError, MessagingErrorCode } from './messaging.errors';
export {
  adminPermissions,
  agencyPermissions,
  renderNatsServerConfig,
  type AgencyGrants,
  type EventGrant,
  type NatsPermissions,
  type NatsServerConfigOptions,
  type NatsClusterOptions,
  type NatsListenerTls,
  type NatsUser,
  type ServiceGrant,
} from './nats-server-config';
export {
  requestBytes,
  serveRequests,
  traceParentOf,
  withTraceHeaders,
  type BusMessage,
  type BusRequest,
  type RequestServer,
  type ServeRequestsOptions,
} from './request-reply';
export {
  DEFAULT_MAX_MSG_SIZE,
  DUPLICATE_WINDOW_MS,
  STREAM_KINDS,
  durableConsumerConfig,
  ensureAttachmentStore,
  ensureConfigBucket,
  ensureDurableConsumer,
  ensureStreams,
  openAttachmentStore,
  openConfigBucket,
  restartDurableConsumer,
  streamConfig,
  type BucketOptions,
  type ConsumerStart,
  type DurableConsumerOptions,
  type StreamOptions,
} from './streams';
export {
  DEFAULT_NAMESPACE,
  TOKEN_PATTERNS,
  attachmentStore,
  auditSubject,
  configBucket,
  documentSubject,
  documentWildcard,
  dlqSubject,
  dlqWildcard,
  eventConsumerName,
  eventSubject,
  eventWildcard,
  inboxPrefix,
  lookupQueueGroup,
  lookupSubject,
  memberToken,
  streamName,
  streamSubjects,
  type BusNamespace,
  type StreamKind,
} from './subjects';
/** Client types callers hold without importing the NATS packages themselves. */
export type { NatsConnection } from '@nats-io/nats-core';
export {
  jetstream,
  jetstreamManager,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
export type { KV } from '@nats-io/kv';
export type { ObjectStore } from '@nats-io/obj';
