import { MessagingError } from './messaging.errors';
import {
  attachmentStore,
  auditSubject,
  configBucket,
  dlqWildcard,
  documentWildcard,
  eventConsumerName,
  eventWildcard,
  inboxPrefix,
  lookupSubject,
  memberToken,
  streamName,
  type BusNamespace,
} from './subjects';

/** Allow lists of one NATS user (deny lists are not used: everything not allowed is denied). */
export interface NatsPermissions {
  readonly publish: { readonly allow: readonly string[] };
  readonly subscribe: { readonly allow: readonly string[] };
}

/** One user of the rendered server configuration. */
export interface NatsUser {
  readonly user: string;
  readonly password: string;
  readonly permissions: NatsPermissions;
}

/** TLS of a listener (clients or routes): the node's certificate and the CA it trusts. */
export interface NatsListenerTls {
  readonly certFile: string;
  readonly keyFile: string;
  /** CA of the peers' certificates (clients of mutual TLS, the other nodes' routes). */
  readonly caFile: string;
  /** Require and verify the peer's certificate (mutual TLS); routes always verify. */
  readonly verify?: boolean;
}

/** One node's part of a cluster: its route listener and the routes to the others. */
export interface NatsClusterOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** `nats-route://host:port` of every node (its own is skipped by the server). */
  readonly routes: readonly string[];
  /** Routes over mutual TLS: every node presents its certificate and verifies the others'. */
  readonly tls?: NatsListenerTls;
}

/** Options of {@link renderNatsServerConfig}. */
export interface NatsServerConfigOptions {
  readonly host: string;
  readonly port: number;
  /** `server_name`, required and unique per node of a JetStream cluster. */
  readonly serverName?: string;
  /** TLS for clients: with it the server accepts no plain-text client. */
  readonly tls?: NatsListenerTls;
  readonly cluster?: NatsClusterOptions;
  /**
   * JetStream's fsync interval, e.g. `always` (docs/security.md §4.3); needs nats-server 2.10 or
   * later, so the caller gates it on the server's version.
   */
  readonly syncInterval?: string;
  /** Monitoring port (`/varz`, `/jsz`); omitted when not given. */
  readonly httpPort?: number;
  /** JetStream storage directory; omit when the launcher passes `-sd` (2.9 refuses both). */
  readonly storeDir?: string;
  /** Largest message accepted; default 1 MiB. Stream `max_msg_size` must not exceed it. */
  readonly maxPayload?: number;
  /**
   * The users and their allow lists. Unset renders no authorization at all: an open server, for a
   * test's own cluster only; an empty list locks every client out.
   */
  readonly users: readonly NatsUser[] | undefined;
}

/** A service one agency system may call. */
export interface ServiceGrant {
  readonly member: string;
  readonly subsystem: string;
  readonly service: string;
}

/** An event stream one agency may read. */
export interface EventGrant {
  readonly publisher: string;
  readonly eventType: string;
}

/** What an agency system may do on the bus (from the signed global configuration). */
export interface AgencyGrants {
  readonly member: string;
  readonly subsystem: string;
  /** Look-up services this system serves. */
  readonly provides: readonly string[];
  /** Look-up services this system may call. */
  readonly consumes: readonly ServiceGrant[];
  readonly publishesEvents: boolean;
  /** Events it subscribes to; each is read through the durable named by `eventConsumerName`. */
  readonly subscribesEvents: readonly EventGrant[];
  /** Further durable consumers (e.g. its document inbox on DOCS) created for it by the operator. */
  readonly consumerNames: readonly string[];
  /**
   * Members it may send official documents to: it publishes on their document subjects and writes
   * (and reads back) the attachment store of each pair it sends on.
   */
  readonly sendsDocumentsTo?: readonly string[];
  /** Members that may send it documents: it reads (only reads) the attachment store of each pair. */
  readonly receivesDocumentsFrom?: readonly string[];
  /**
   * Whether it witnesses the audit log through its durable `<member>_<subsystem>_witness` on
   * AUDIT (docs/security.md §6.1: every agency adapter cosigns the log's checkpoints); default true.
   */
  readonly witnessesAudit?: boolean;
}

/**
 * Pull and ack on the system's own witness consumer of the AUDIT stream (operator-made), and
 * requests to AUDIT/log's `consistency-proof` service, through which a witness obtains a proof a
 * checkpoint did not carry (apps/audit; the service code is libs/audit-log's
 * CONSISTENCY_PROOF_SERVICE, which this library does not depend on).
 */
function witnessSubjects(ns: BusNamespace, grants: AgencyGrants, member: string): string[] {
  if (grants.witnessesAudit === false) {
    return [];
  }
  const stream = streamName(ns, 'AUDIT');
  const name = `${member}_${grants.subsystem}_witness`;
  return [
    `$JS.API.CONSUMER.INFO.${stream}.${name}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
    `$JS.ACK.${stream}.${name}.>`,
    lookupSubject(ns, 'AUDIT', 'log', 'consistency-proof'),
  ];
}

function quote(value: string): string {
  if (/[\r\n\0]/.test(value)) {
    throw new MessagingError(
      'BUS_SERVER_CONFIG_INVALID',
      'a server configuration value contains a line break',
    );
  }
  return JSON.stringify(value);
}

function list(values: readonly string[]): string {
  return `[${values.map(quote).join(', ')}]`;
}

/** JetStream API subjects a reader of a KV bucket needs (open, get, watch). */
function kvReadSubjects(bucket: string): string[] {
  const stream = `KV_${bucket}`;
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.>`,
    `$JS.API.CONSUMER.DELETE.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/** The document partners of one member, as {@link attachmentPermissions} takes them. */
export interface AttachmentGrants {
  readonly member: string;
  /** Members it sends documents to: the stores `<member>→<recipient>` it writes. */
  readonly sendsTo: readonly string[];
  /** Members that send it documents: the stores `<sender>→<member>` it reads. */
  readonly receivesFrom: readonly string[];
}

/**
 * JetStream API subjects a reader of one object store needs: its stream's info, the metadata and
 * the chunks of an object by message get or direct get (the subject is in the request's subject or
 * body, but only this stream's messages can be asked for), and the ordered consumer the object
 * store's reader creates, flow-controls and deletes for an object of several chunks.
 */
function objectReadSubjects(bucket: string): string[] {
  const stream = `OBJ_${bucket}`;
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.>`,
    `$JS.API.CONSUMER.DELETE.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/**
 * The attachment stores of one member (ADR 0019): on each store of a pair it sends on, publishing
 * chunks and metadata (`$O.<bucket>.>`) and reading; on each store of a pair it receives on,
 * reading only. Nothing on any other pair's store: no listing, no get, no consumer, no publish on
 * its chunk or metadata subjects (so no rollup either), and purge and delete are the operator's.
 */
export function attachmentPermissions(ns: BusNamespace, grants: AttachmentGrants): string[] {
  const member = memberToken(grants.member);
  const writes = grants.sendsTo.map((recipient) =>
    attachmentStore(ns, { sender: member, recipient }),
  );
  const reads = grants.receivesFrom.map((sender) =>
    attachmentStore(ns, { sender, recipient: member }),
  );
  return unique([
    ...writes.flatMap((bucket) => [`$O.${bucket}.>`, ...objectReadSubjects(bucket)]),
    ...reads.flatMap(objectReadSubjects),
  ]);
}

/**
 * The minimum an agency system needs (docs/security.md §4.1): publish its own events, audit records
 * and dead letters, requests to the services it may call, replies to other systems' inboxes,
 * pull/ack on its own durable consumers and read the configuration bucket; subscribe only to its
 * own request subjects and its own inbox prefix. Stream and consumer management stay with admin.
 */
export function agencyPermissions(ns: BusNamespace, grants: AgencyGrants): NatsPermissions {
  const member = memberToken(grants.member);
  const inbox = inboxPrefix(ns, member, grants.subsystem);
  const consumerNames = [
    ...grants.subscribesEvents.map((e) =>
      eventConsumerName(member, grants.subsystem, e.publisher, e.eventType),
    ),
    ...grants.consumerNames,
  ];
  const ownConsumers = consumerNames.flatMap((name) =>
    (['EVENTS', 'DOCS'] as const).flatMap((kind) => {
      const stream = streamName(ns, kind);
      return [
        `$JS.API.CONSUMER.INFO.${stream}.${name}`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
        `$JS.ACK.${stream}.${name}.>`,
      ];
    }),
  );
  const publish = [
    // Account info only: nats.js asks it when a JetStream manager is opened (no stream admin).
    '$JS.API.INFO',
    ...(grants.publishesEvents ? [eventWildcard(ns, member)] : []),
    auditSubject(ns, member),
    dlqWildcard(ns, member),
    ...(grants.sendsDocumentsTo ?? []).map((recipient) => documentWildcard(ns, recipient)),
    ...attachmentPermissions(ns, {
      member,
      sendsTo: grants.sendsDocumentsTo ?? [],
      receivesFrom: grants.receivesDocumentsFrom ?? [],
    }),
    ...grants.consumes.map((c) => lookupSubject(ns, c.member, c.subsystem, c.service)),
    ...(grants.provides.length > 0 ? [`_INBOX.${ns.subjectRoot}.>`] : []),
    ...ownConsumers,
    ...witnessSubjects(ns, grants, member),
    ...kvReadSubjects(configBucket(ns)),
  ];
  const subscribe = [
    ...grants.provides.map((service) => lookupSubject(ns, member, grants.subsystem, service)),
    `${inbox}.>`,
  ];
  return { publish: { allow: unique(publish) }, subscribe: { allow: unique(subscribe) } };
}

/** The operator identity: manages streams, consumers and buckets, reads everything. */
export function adminPermissions(): NatsPermissions {
  return { publish: { allow: ['>'] }, subscribe: { allow: ['>'] } };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function renderTls(tls: NatsListenerTls, indent: string): string[] {
  return [
    `${indent}tls {`,
    `${indent}  cert_file: ${quote(tls.certFile)}`,
    `${indent}  key_file: ${quote(tls.keyFile)}`,
    `${indent}  ca_file: ${quote(tls.caFile)}`,
    `${indent}  verify: ${tls.verify === true}`,
    // a loaded 2-core machine can take longer than the default half second for a handshake
    `${indent}  timeout: 5`,
    `${indent}}`,
  ];
}

/**
 * Renders a nats-server configuration file: JetStream on `storeDir`, user/password accounts
 * with explicit allow lists, no `no_auth_user` (an unauthenticated client is refused).
 */
export function renderNatsServerConfig(options: NatsServerConfigOptions): string {
  const users = (options.users ?? []).map(
    (u) =>
      `    { user: ${quote(u.user)}, password: ${quote(u.password)}, permissions: {\n` +
      `        publish: { allow: ${list(u.permissions.publish.allow)} }\n` +
      `        subscribe: { allow: ${list(u.permissions.subscribe.allow)} }\n` +
      `    } }`,
  );
  const jetstream = [
    ...(options.storeDir === undefined ? [] : [`  store_dir: ${quote(options.storeDir)}`]),
    ...(options.syncInterval === undefined
      ? []
      : [`  sync_interval: ${quote(options.syncInterval)}`]),
  ];
  const cluster = options.cluster;
  return [
    ...(options.serverName === undefined ? [] : [`server_name: ${quote(options.serverName)}`]),
    `host: ${quote(options.host)}`,
    `port: ${options.port}`,
    ...(options.httpPort === undefined ? [] : [`http_port: ${options.httpPort}`]),
    `max_payload: ${options.maxPayload ?? 1024 * 1024}`,
    ...(options.tls ? renderTls(options.tls, '') : []),
    ...(jetstream.length === 0 ? ['jetstream: enabled'] : [`jetstream {`, ...jetstream, `}`]),
    ...(cluster
      ? [
          `cluster {`,
          `  name: ${quote(cluster.name)}`,
          `  listen: ${quote(`${cluster.host}:${cluster.port}`)}`,
          `  routes: ${list(cluster.routes)}`,
          ...(cluster.tls ? renderTls({ ...cluster.tls, verify: true }, '  ') : []),
          `}`,
        ]
      : []),
    ...(options.users === undefined
      ? []
      : [`authorization {`, `  users: [`, users.join(',\n'), `  ]`, `}`]),
    '',
  ].join('\n');
}
