import { join } from 'node:path';
import {
  checkTcpReachable,
  createDatabase,
  startNatsServer,
  startPostgres,
  type RunningNats,
  type RunningPostgres,
} from '@lienthong/devstack';
import {
  DEFAULT_NAMESPACE,
  adminPermissions,
  agencyPermissions,
  renderNatsServerConfig,
  type NatsUser,
} from '@lienthong/messaging';
import {
  attachmentStore,
  connectBus,
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

/** NATS credentials of one app process. */
export interface NatsCredentials {
  readonly user?: string;
  readonly pass?: string;
}

/** The running infrastructure of a local stack, whether started here or given by URL. */
export interface Infrastructure {
  readonly natsUrl: string;
  readonly databaseUrl: string;
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

/**
 * Uses NATS_URL / DATABASE_URL when given (checked reachable within 10 s), otherwise starts a
 * nats-server with JetStream and per-agency users, and an embedded PostgreSQL, both keeping
 * their data under the data folder so the next start reuses it.
 */
export async function startInfrastructure(
  keys: LocalKeys,
  given: { natsUrl?: string; databaseUrl?: string },
): Promise<Infrastructure> {
  let nats: RunningNats | undefined;
  let postgres: RunningPostgres | undefined;
  try {
    if (given.natsUrl) {
      await checkTcpReachable(given.natsUrl, REACH_TIMEOUT_MS);
    } else {
      nats = await startNatsServer({
        storeDir: keys.dir('nats'),
        configText: renderNatsServerConfig({ host: '127.0.0.1', port: 0, users: natsUsers(keys) }),
        logFile: join(keys.dir('logs'), 'nats-server.log'),
      });
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
    const natsUrl = given.natsUrl ?? (nats as RunningNats).url;
    keys.recordNatsUrl(natsUrl);
    const started = nats !== undefined;
    await createDocumentInboxes(
      natsUrl,
      started ? { user: 'admin', pass: keys.password('admin') } : {},
    );
    return {
      natsUrl,
      databaseUrl,
      credentials: (app) =>
        started
          ? {
              user: AGENCY_APPS.some((a) => a.app === app) ? app : 'admin',
              pass: keys.password(AGENCY_APPS.some((a) => a.app === app) ? app : 'admin'),
            }
          : {},
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

/**
 * Official documents on the demo bus: every agency may send documents (and statuses) to every
 * other, pull its own document inbox, and use the attachment object store. Applied on top of the
 * look-up and event grants of {@link natsUsers}.
 */
function withDocumentGrants(user: NatsUser): NatsUser {
  const agency = AGENCY_APPS.find((a) => a.app === user.user);
  if (!agency) {
    return user;
  }
  const docs = streamName(DEFAULT_NAMESPACE, 'DOCS');
  const inbox = documentInboxName(agency.member, agency.subsystem);
  const bucket = attachmentStore(DEFAULT_NAMESPACE);
  const objects = `OBJ_${bucket}`;
  const extra = [
    ...AGENCY_APPS.filter((a) => a.member !== agency.member).map((a) =>
      documentWildcard(DEFAULT_NAMESPACE, a.member),
    ),
    `$JS.API.CONSUMER.INFO.${docs}.${inbox}`,
    `$JS.API.CONSUMER.MSG.NEXT.${docs}.${inbox}`,
    `$JS.ACK.${docs}.${inbox}.>`,
    // attachments: write by digest, read back through an ordered consumer
    `$O.${bucket}.>`,
    `$JS.API.STREAM.INFO.${objects}`,
    `$JS.API.STREAM.MSG.GET.${objects}`,
    `$JS.API.DIRECT.GET.${objects}.>`,
    `$JS.API.CONSUMER.CREATE.${objects}`,
    `$JS.API.CONSUMER.CREATE.${objects}.>`,
    `$JS.API.CONSUMER.INFO.${objects}.>`,
    `$JS.API.CONSUMER.DELETE.${objects}.>`,
    `$JS.FC.${objects}.>`,
  ];
  const permissions: NatsPermissions = {
    publish: { allow: [...new Set([...user.permissions.publish.allow, ...extra])] },
    subscribe: user.permissions.subscribe,
  };
  return { ...user, permissions };
}

/**
 * Creates each agency's document inbox (a durable consumer on the DOCS stream): agencies may pull
 * from it but not create consumers, so the operator identity does it here.
 */
async function createDocumentInboxes(natsUrl: string, credentials: NatsCredentials): Promise<void> {
  const nc = await connectBus({ servers: natsUrl, name: 'launcher-documents', ...credentials });
  try {
    const jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, DEFAULT_NAMESPACE, { replicas: 1 });
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
