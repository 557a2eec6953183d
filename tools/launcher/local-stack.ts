import { join } from 'node:path';
import { natsSettingsFromEnv, readEnv, type NatsSettings } from '@lienthong/config';
import {
  FULL_NATS_SERVER_VERSION,
  checkTcpReachable,
  createDatabase,
  ensureNatsTls,
  findNatsServer,
  natsServerVersion,
  startNatsCluster,
  startNatsServer,
  startPostgres,
  versionAtLeast,
  type NatsTlsFiles,
  type RunningNats,
  type RunningNatsCluster,
  type RunningPostgres,
} from '@lienthong/devstack';
import {
  DEFAULT_NAMESPACE,
  adminPermissions,
  agencyPermissions,
  attachmentPairs,
  attachmentPermissions,
  renderNatsServerConfig,
  type AttachmentPair,
  type NatsUser,
} from '@lienthong/messaging';
import {
  busConnectionOptions,
  connectBus,
  natsServerUrls,
  documentWildcard,
  drainBus,
  ensureDurableConsumer,
  ensureStreams,
  jetstreamManager,
  streamName,
  type NatsPermissions,
} from '@lienthong/messaging';
import { documentInboxName } from '@lienthong/adapter-kit';
import type { LocalKeys } from '../shared/local-keys';
import { AGENCY_APPS, DEMO_ACCESS_RIGHTS, DEMO_EVENT_RIGHTS, DEMO_SERVICES } from './demo-setup';

/** How one app process reaches NATS: its user and the TLS files (no URL: that is shared). */
export type NatsCredentials = Omit<NatsSettings, 'url'>;

/** The running infrastructure of a local stack, whether started here or given by URL. */
export interface Infrastructure {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  /** Replicas of the streams and buckets: 3 on a cluster of three or more nodes, else 1. */
  readonly replicas: number;
  /** Credentials per app name (`admin` for trust, audit and the launcher). */
  credentials(app: string): NatsCredentials;
  stop(): Promise<void>;
}

const REACH_TIMEOUT_MS = 10_000;

/** NATS users of the local stack: one per agency adapter with its own subject permissions. */
export function natsUsers(keys: LocalKeys): NatsUser[] {
  const users: NatsUser[] = [
    { user: 'admin', password: keys.password('admin'), permissions: adminPermissions() },
  ];
  for (const agency of AGENCY_APPS) {
    const consumes = DEMO_ACCESS_RIGHTS.filter((r) => r.consumer === agency.member).map((r) => {
      const service = DEMO_SERVICES.find((s) => s.code === r.service);
      return { member: service?.provider ?? '', subsystem: 'registry', service: r.service };
    });
    users.push({
      user: agency.app,
      password: keys.password(agency.app),
      permissions: agencyPermissions(DEFAULT_NAMESPACE, {
        member: agency.member,
        subsystem: agency.subsystem,
        provides: [
          'ping',
          ...DEMO_SERVICES.filter((s) => s.provider === agency.member).map((s) => s.code),
        ],
        // Every adapter may ping every other (liveness; no registry data, so no access right).
        consumes: [
          ...consumes,
          ...AGENCY_APPS.filter((a) => a.member !== agency.member).map((a) => ({
            member: a.member,
            subsystem: a.subsystem,
            service: 'ping',
          })),
        ],
        publishesEvents: true,
        subscribesEvents: DEMO_EVENT_RIGHTS.filter((r) => r.subscriber === agency.member).map(
          (r) => ({ publisher: r.publisher, eventType: r.eventType }),
        ),
        consumerNames: [],
      }),
    });
  }
  return users.map(withDocumentGrants);
}

/** What the local stack's NATS looks like: LT_NATS_CLUSTER nodes, TLS unless LT_NATS_TLS=0. */
interface LocalNatsPlan {
  readonly nodes: number;
  readonly tls: boolean;
  /** Clients present certificates too (LT_NATS_MTLS=1): every app gets one of the local CA. */
  readonly mutualTls: boolean;
}

function localNatsPlan(): LocalNatsPlan {
  const nodes = Number(readEnv('LT_NATS_CLUSTER') ?? 1);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 5) {
    throw new Error(
      `LT_NATS_CLUSTER=${readEnv('LT_NATS_CLUSTER')}: give a number of nodes, 1 to 5`,
    );
  }
  const tls = readEnv('LT_NATS_TLS') !== '0';
  return { nodes, tls, mutualTls: tls && readEnv('LT_NATS_MTLS') === '1' };
}

/**
 * Uses NATS_URL / DATABASE_URL when given (checked reachable within 10 s; NATS with the
 * credentials and TLS files of the NATS_* variables, used by the launcher and every app), otherwise
 * starts NATS (one node, or LT_NATS_CLUSTER nodes joined by routes; TLS with a local CA unless
 * LT_NATS_TLS=0) with per-agency users, and an embedded PostgreSQL, all keeping their data under
 * the data folder so the next start reuses it.
 */
export async function startInfrastructure(
  keys: LocalKeys,
  given: { natsUrl?: string; databaseUrl?: string },
): Promise<Infrastructure> {
  let nats: RunningNats | RunningNatsCluster | undefined;
  let postgres: RunningPostgres | undefined;
  try {
    let natsUrl: string;
    let credentials: (app: string) => NatsCredentials;
    let replicas: number;
    if (given.natsUrl) {
      await checkTcpReachable(given.natsUrl, REACH_TIMEOUT_MS);
      const { url: _url, ...external } = natsSettingsFromEnv({
        NATS_URL: given.natsUrl,
        NATS_USER: readEnv('NATS_USER'),
        NATS_PASS: readEnv('NATS_PASS'),
        NATS_NKEY_SEED_FILE: readEnv('NATS_NKEY_SEED_FILE'),
        NATS_CREDS_FILE: readEnv('NATS_CREDS_FILE'),
        NATS_TLS_CA_FILE: readEnv('NATS_TLS_CA_FILE'),
        NATS_TLS_CERT_FILE: readEnv('NATS_TLS_CERT_FILE'),
        NATS_TLS_KEY_FILE: readEnv('NATS_TLS_KEY_FILE'),
      });
      natsUrl = given.natsUrl;
      credentials = () => external;
      replicas = Number(
        readEnv('LT_NATS_REPLICAS') ?? (natsServerUrls(natsUrl).length >= 3 ? 3 : 1),
      );
    } else {
      const plan = localNatsPlan();
      const tls = plan.tls ? await ensureNatsTls(keys.dir('nats-tls')) : undefined;
      const listenerTls = tls && {
        certFile: tls.serverCertFile,
        keyFile: tls.serverKeyFile,
        caFile: tls.caFile,
        verify: plan.mutualTls,
      };
      const users = natsUsers(keys);
      if (plan.nodes > 1) {
        const cluster = await startNatsCluster({
          size: plan.nodes,
          storeDir: keys.dir('nats-cluster'),
          users,
          ...(listenerTls ? { tls: listenerTls } : {}),
          logDir: keys.dir('logs'),
        });
        if (!cluster.syncAlways) {
          process.stderr.write(
            `lienthong: nats-server ${cluster.version} is older than ${FULL_NATS_SERVER_VERSION}: ` +
              'the cluster runs without sync_interval: always (an OS crash may lose acknowledged ' +
              'messages; docs/operations.md §2.5)\n',
          );
        }
        nats = cluster;
        natsUrl = cluster.url;
      } else {
        await warnIfOldServer();
        const single = await startNatsServer({
          storeDir: keys.dir('nats'),
          configText: renderNatsServerConfig({
            host: '127.0.0.1',
            port: 0,
            users,
            ...(listenerTls ? { tls: listenerTls } : {}),
          }),
          logFile: join(keys.dir('logs'), 'nats-server.log'),
        });
        nats = single;
        natsUrl = tls ? single.url.replace(/^nats:/, 'tls:') : single.url;
      }
      replicas = Math.min(3, plan.nodes);
      credentials = await localCredentials(keys, tls, plan.mutualTls);
    }
    let databaseUrl: string;
    if (given.databaseUrl) {
      await checkTcpReachable(given.databaseUrl, REACH_TIMEOUT_MS);
      databaseUrl = given.databaseUrl;
    } else {
      postgres = await startPostgres({
        dataDir: keys.sharedDir('postgres'),
        persistent: true,
        logFile: join(keys.dir('logs'), 'postgres.log'),
      });
      databaseUrl = await createDatabase(postgres.url, 'lienthong');
    }
    keys.recordNatsUrl(natsUrl);
    await createDocumentInboxes(natsUrl, credentials('launcher'), replicas);
    return {
      natsUrl,
      databaseUrl,
      replicas,
      credentials,
      stop: async () => {
        await nats?.stop();
        await postgres?.stop();
      },
    };
  } catch (error) {
    await nats?.stop();
    await postgres?.stop();
    throw error;
  }
}

/** One user per agency app, `admin` for the rest; the CA and, with mutual TLS, a certificate each. */
async function localCredentials(
  keys: LocalKeys,
  tls: NatsTlsFiles | undefined,
  mutualTls: boolean,
): Promise<(app: string) => NatsCredentials> {
  const byApp = new Map<string, NatsCredentials>();
  for (const app of [...AGENCY_APPS.map((a) => a.app), 'admin']) {
    const client = tls && mutualTls ? await tls.clientCertificate(app) : undefined;
    byApp.set(app, {
      user: app,
      pass: keys.password(app),
      ...(tls ? { tls: { caFile: tls.caFile, ...(client ?? {}) } } : {}),
    });
  }
  return (app) => byApp.get(AGENCY_APPS.some((a) => a.app === app) ? app : 'admin') ?? {};
}

/** One line when the server lacks what production configures (sync_interval and 2.10 features). */
async function warnIfOldServer(): Promise<void> {
  const version = await natsServerVersion(findNatsServer());
  if (!versionAtLeast(version, FULL_NATS_SERVER_VERSION)) {
    process.stderr.write(
      `lienthong: nats-server ${version} (older than ${FULL_NATS_SERVER_VERSION}): running without ` +
        'sync_interval and the 2.10 features; `npm ci` under Node 24 installs a 2.14 server ' +
        '(docs/operations.md §2.5)\n',
    );
  }
}

/**
 * Official documents on the demo bus: every agency may send documents (and statuses) to every
 * other, pull its own document inbox, write the attachment store of each pair it sends on and read
 * the store of each pair it receives on (ADR 0019). Applied on top of the look-up and event grants
 * of {@link natsUsers}.
 */
function withDocumentGrants(user: NatsUser): NatsUser {
  const agency = AGENCY_APPS.find((a) => a.app === user.user);
  if (!agency) {
    return user;
  }
  const docs = streamName(DEFAULT_NAMESPACE, 'DOCS');
  const inbox = documentInboxName(agency.member, agency.subsystem);
  const others = AGENCY_APPS.filter((a) => a.member !== agency.member).map((a) => a.member);
  const extra = [
    ...others.map((member) => documentWildcard(DEFAULT_NAMESPACE, member)),
    `$JS.API.CONSUMER.INFO.${docs}.${inbox}`,
    `$JS.API.CONSUMER.MSG.NEXT.${docs}.${inbox}`,
    `$JS.ACK.${docs}.${inbox}.>`,
    // attachments: each pair's own object store, written by its sender, read by both parties
    ...attachmentPermissions(DEFAULT_NAMESPACE, {
      member: agency.member,
      sendsTo: others,
      receivesFrom: others,
    }),
  ];
  const permissions: NatsPermissions = {
    publish: { allow: [...new Set([...user.permissions.publish.allow, ...extra])] },
    subscribe: user.permissions.subscribe,
  };
  return { ...user, permissions };
}

/** Every attachment store of the demo bus: one per ordered pair of agencies (ADR 0019). */
export function localAttachmentPairs(): AttachmentPair[] {
  return attachmentPairs(AGENCY_APPS.map((a) => a.member));
}

/**
 * Creates each agency's document inbox (a durable consumer on the DOCS stream): agencies may pull
 * from it but not create consumers, so the operator identity does it here.
 */
async function createDocumentInboxes(
  natsUrl: string,
  credentials: NatsCredentials,
  replicas: number,
): Promise<void> {
  const nc = await connectWhenReady({ ...credentials, url: natsUrl }, 'launcher-documents');
  try {
    const jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, DEFAULT_NAMESPACE, { replicas });
    for (const agency of AGENCY_APPS) {
      await ensureDurableConsumer(jsm, streamName(DEFAULT_NAMESPACE, 'DOCS'), {
        name: documentInboxName(agency.member, agency.subsystem),
        filterSubject: documentWildcard(DEFAULT_NAMESPACE, agency.member),
        description: `official documents and statuses for ${agency.member}`,
      });
    }
  } finally {
    await drainBus(nc);
  }
}

/**
 * Connects as the launcher and waits until JetStream answers: a cluster that has just started
 * elects its meta leader a few seconds after its nodes accept clients.
 */
export async function connectWhenReady(
  settings: NatsSettings,
  name: string,
): Promise<Awaited<ReturnType<typeof connectBus>>> {
  const nc = await connectBus({ ...busConnectionOptions(settings), name });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await (await jetstreamManager(nc)).getAccountInfo();
      return nc;
    } catch (error) {
      if (Date.now() > deadline) {
        await drainBus(nc);
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
