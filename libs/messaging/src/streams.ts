import type { NatsConnection } from '@nats-io/nats-core';
import { nanos } from '@nats-io/nats-core';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, setSha256Backend, type ObjectStore } from '@nats-io/obj';
import { MessagingError } from './messaging.errors';
import {
  attachmentStore,
  type AttachmentPair,
  configBucket,
  streamName,
  streamSubjects,
  type BusNamespace,
  type StreamKind,
} from './subjects';

/** Every stream of the bus, in creation order. */
export const STREAM_KINDS: readonly StreamKind[] = ['EVENTS', 'DOCS', 'AUDIT', 'DLQ'];

/** NATS' default `max_payload`; a stream's `max_msg_size` must not exceed the server's. */
export const DEFAULT_MAX_MSG_SIZE = 1024 * 1024;

/** Deduplication window of `Nats-Msg-Id` (JetStream's documented default, docs/security.md §4.2). */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** Options of {@link streamConfig} and {@link ensureStreams}. */
export interface StreamOptions {
  /**
   * 1 on a single local server, 3 in production (R3 across failure domains). A stream created
   * with more keeps them: provisioning never lowers the replicas.
   */
  readonly replicas: number;
  /** At most the server's `max_payload`; default 1 MiB. */
  readonly maxMsgSize?: number;
  /** Bytes a stream may hold before new publishes are refused; default unlimited. */
  readonly maxBytes?: number;
}

/**
 * The configuration of one bus stream. Every stream refuses delete, purge and rollup headers,
 * because any publisher could otherwise erase history; `discard: new` makes a full stream refuse
 * new messages (a visible publish error) instead of silently dropping old ones.
 */
export function streamConfig(
  ns: BusNamespace,
  kind: StreamKind,
  options: StreamOptions,
): StreamConfig {
  return {
    name: streamName(ns, kind),
    description: `Lienthong ${kind.toLowerCase()} stream`,
    subjects: streamSubjects(ns, kind),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: options.replicas,
    discard: DiscardPolicy.New,
    discard_new_per_subject: false,
    max_msgs: -1,
    max_msgs_per_subject: -1,
    max_bytes: options.maxBytes ?? -1,
    max_age: 0,
    max_msg_size: options.maxMsgSize ?? DEFAULT_MAX_MSG_SIZE,
    max_consumers: -1,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    deny_delete: true,
    deny_purge: true,
    allow_rollup_hdrs: false,
    // direct get would bypass consumer-level permissions (docs/security.md §4.1)
    allow_direct: false,
    mirror_direct: false,
    sealed: false,
    first_seq: 0,
  } as StreamConfig;
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/**
 * What provisioning may change on a stream that exists: the protections and the subjects the code
 * relies on. Replicas only ever go up, and the limits (bytes, age, counts, message size) are the
 * operator's once the stream exists: a launcher or an app run with defaults never shrinks an R3
 * stream to R1 nor lifts or tightens a limit an operator chose (docs/operations.md §2.3).
 */
export function provisionedUpdate(
  existing: StreamConfig,
  coded: StreamConfig,
): StreamConfig | undefined {
  const next: StreamConfig = {
    ...existing,
    subjects: coded.subjects,
    description: existing.description ?? coded.description,
    num_replicas: Math.max(existing.num_replicas ?? 1, coded.num_replicas ?? 1),
    deny_delete: true,
    deny_purge: true,
    allow_rollup_hdrs: false,
    allow_direct: false,
    mirror_direct: false,
  };
  const changed = (Object.keys(next) as (keyof StreamConfig)[]).some(
    (key) => JSON.stringify(next[key]) !== JSON.stringify(existing[key]),
  );
  return changed ? next : undefined;
}

async function ensureStream(jsm: JetStreamManager, config: StreamConfig): Promise<StreamInfo> {
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(config.name);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) {
      return jsm.streams.add(config);
    }
    throw error;
  }
  const update = provisionedUpdate(info.config, config);
  if (update === undefined) {
    return info;
  }
  // fields fixed at creation are left out: the server rejects an update that names them
  const {
    name,
    retention: _retention,
    storage: _storage,
    max_consumers: _maxConsumers,
    sealed: _sealed,
    first_seq: _firstSeq,
    ...updatable
  } = update;
  return jsm.streams.update(name, updatable);
}

/**
 * Creates the EVENTS, DOCS, AUDIT and DLQ streams; on streams that exist, restores the coded
 * protections and subjects and raises the replicas to `options.replicas`, nothing else
 * ({@link provisionedUpdate}).
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  ns: BusNamespace,
  options: StreamOptions,
): Promise<StreamInfo[]> {
  const infos: StreamInfo[] = [];
  for (const kind of STREAM_KINDS) {
    infos.push(await ensureStream(jsm, streamConfig(ns, kind, options)));
  }
  return infos;
}

/** Options of {@link durableConsumerConfig}. */
export interface DurableConsumerOptions {
  /** Durable name, e.g. `CIV_registry` (one per subscribing agency system). */
  readonly name: string;
  /** One subject: nats-server 2.9 has no multi-filter consumers. */
  readonly filterSubject: string;
  /** Deliveries before the message is dead-lettered; default 5. */
  readonly maxDeliver?: number;
  /** Longer than the p99 handler time; default 30 s. */
  readonly ackWaitMs?: number;
  /** Redelivery delays after an ack timeout, one per attempt; default 1 s, 5 s, 30 s, 2 min. */
  readonly backoffMs?: readonly number[];
  /** Bound on unacknowledged messages in flight; default 256. */
  readonly maxAckPending?: number;
  readonly description?: string;
}

const DEFAULT_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000];

/** Durable pull consumer, explicit ack, bounded redelivery with backoff. */
export function durableConsumerConfig(options: DurableConsumerOptions): ConsumerConfig {
  const maxDeliver = options.maxDeliver ?? 5;
  // the server requires max_deliver to exceed the number of backoff steps
  const backoff = (options.backoffMs ?? DEFAULT_BACKOFF_MS).slice(0, Math.max(maxDeliver - 1, 0));
  return {
    durable_name: options.name,
    description: options.description,
    filter_subject: options.filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: maxDeliver,
    ...(backoff.length > 0 ? { backoff: backoff.map((ms) => nanos(ms)) } : {}),
    max_ack_pending: options.maxAckPending ?? 256,
  };
}

/** Creates the durable consumer, or updates its limits; a different filter is a conflict. */
export async function ensureDurableConsumer(
  jsm: JetStreamManager,
  stream: string,
  options: DurableConsumerOptions,
): Promise<ConsumerInfo> {
  const config = durableConsumerConfig(options);
  let existing: ConsumerInfo;
  try {
    existing = await jsm.consumers.info(stream, options.name);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.ConsumerNotFound)) {
      return jsm.consumers.add(stream, config);
    }
    throw error;
  }
  if (existing.config.filter_subject !== options.filterSubject) {
    throw new MessagingError(
      'BUS_CONSUMER_CONFLICT',
      `consumer ${stream}/${options.name} filters ${existing.config.filter_subject ?? '(all)'}, not ${options.filterSubject}`,
      { details: { stream, consumer: options.name } },
    );
  }
  const { ack_wait, max_deliver, backoff, max_ack_pending, description } = config;
  return jsm.consumers.update(stream, options.name, {
    ack_wait,
    max_deliver,
    backoff,
    max_ack_pending,
    description,
  });
}

/** Where a restarted consumer begins: a stream sequence, or the first message stored at a time. */
export type ConsumerStart = { readonly seq: number } | { readonly time: Date };

/**
 * Replays a stream to a durable consumer from `from`: the consumer is deleted and created again
 * under the same name with its configuration unchanged but its start moved. A subscriber that
 * pulls by name finds it again by itself (nats.js checks for it when its pulls see no heartbeat)
 * and receives every matching message from that point, which its idempotent inbox applies once:
 * what it had applied is absorbed, what it lost (a database restored from an older backup) is
 * applied again. Messages the subscriber held during the swap come again too. Operator only:
 * agencies may not delete or create consumers.
 */
export async function restartDurableConsumer(
  jsm: JetStreamManager,
  stream: string,
  name: string,
  from: ConsumerStart,
): Promise<{ before: ConsumerInfo; after: ConsumerInfo }> {
  const before = await jsm.consumers.info(stream, name).catch((error: unknown) => {
    throw isApiError(error, JetStreamApiCodes.ConsumerNotFound)
      ? new MessagingError('BUS_CONSUMER_NOT_FOUND', `no consumer ${name} on ${stream}`, {
          cause: error,
          details: { stream, consumer: name },
        })
      : error;
  });
  const {
    deliver_policy: _policy,
    opt_start_seq: _seq,
    opt_start_time: _time,
    ...kept
  } = before.config;
  await jsm.consumers.delete(stream, name);
  const after = await jsm.consumers.add(stream, {
    ...kept,
    ...('seq' in from
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from.seq }
      : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: from.time.toISOString() }),
  });
  return { before, after };
}

/** Options of the KV bucket and object store. */
export interface BucketOptions {
  readonly replicas: number;
}

/** The KV bucket of the signed global configuration; history keeps the last 16 versions. */
export function ensureConfigBucket(
  js: JetStreamClient,
  ns: BusNamespace,
  options: BucketOptions = { replicas: 1 },
): Promise<KV> {
  return new Kvm(js).create(configBucket(ns), {
    history: 16,
    replicas: options.replicas,
    storage: StorageType.File,
  });
}

// The object store checks every chunk's SHA-256; its default is a pure-JS hash, which costs
// milliseconds per 100 KB attachment on each side. Node's own is native (process-wide setting).
setSha256Backend('native');

/**
 * The object store of the attachments `pair.sender` sends to `pair.recipient` (object name = SHA-256
 * hex). The operator creates one per pair that may exchange documents; adapters only open them.
 */
export function ensureAttachmentStore(
  js: JetStreamClient,
  ns: BusNamespace,
  pair: AttachmentPair,
  options: BucketOptions = { replicas: 1 },
): Promise<ObjectStore> {
  return new Objm(js).create(attachmentStore(ns, pair), {
    replicas: options.replicas,
    storage: StorageType.File,
  });
}

/**
 * Opens the configuration bucket the operator created, for reading and watching only: agency users
 * may not create buckets (they hold read grants on `KV_<bucket>`).
 */
export function openConfigBucket(nc: NatsConnection, ns: BusNamespace): Promise<KV> {
  return new Kvm(nc).open(configBucket(ns));
}

/**
 * Opens the attachment object store of one pair, which the operator created: its sender reads and
 * writes objects, its recipient only reads them (NATS permissions, `attachmentPermissions`).
 */
export function openAttachmentStore(
  js: JetStreamClient,
  ns: BusNamespace,
  pair: AttachmentPair,
): Promise<ObjectStore> {
  return new Objm(js).open(attachmentStore(ns, pair));
}
