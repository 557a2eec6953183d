import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventConsumerOptions, witnessConsumerName } from '@lienthong/adapter-kit';
import { readEnv } from '@lienthong/config';
import { APP_NODE_OPTIONS, ProcessGroup, waitForHttp } from '@lienthong/devstack';
import { toAppError } from '@lienthong/errors';
import {
  DEFAULT_NAMESPACE,
  drainBus,
  ensureAttachmentStore,
  ensureConfigBucket,
  ensureDurableConsumer,
  streamName,
  ensureStreams,
  auditSubject,
  jetstream,
  jetstreamManager,
} from '@lienthong/messaging';
import { SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';
import { seedRegistries } from '../seed/seed';
import { LocalKeys, mintToken, officerTokenInput, operatorTokenInput } from '../shared/local-keys';
import { TrustClient } from '../shared/trust-client';
import {
  AGENCY_APPS,
  AUDIT_APP,
  CIV_XROAD_PORT,
  CONSOLE_PORT,
  DEMO_EVENT_RIGHTS,
  IDENTITY_PORT,
  MERIT_LEGACY_PORT,
  TRUST_PORT,
  type DemoApp,
} from './demo-setup';
import {
  demoCitizens,
  writeIdentityFiles,
  writeTokenIssuers,
  type IdentityFiles,
} from './identity-setup';
import {
  meritAgencyConfiguration,
  prepareMeritRegistry,
  xroadEdgeCertificate,
} from './merit-registry';
import { printReady } from './ready-banner';
import {
  connectWhenReady,
  localAttachmentPairs,
  startInfrastructure,
  type Infrastructure,
} from './local-stack';
import { bootstrapTrust, type MemberFiles } from './trust-bootstrap';

const HEALTH_TIMEOUT_MS = 60_000;
const DEMO_CITIZENS = Number(readEnv('LT_DEMO_CITIZENS') ?? 500);
const DEMO_SEED = Number(readEnv('LT_DEMO_SEED') ?? 20261123);

/**
 * `npm start`: the whole bus on one machine. Uses NATS_URL / DATABASE_URL when given, otherwise
 * starts nats-server (from PATH) and an embedded PostgreSQL with data in `.lienthong/`; sets up
 * the demo trust fabric, seeds the registries, starts every app, waits until each is healthy and
 * prints where everything is. Ctrl-C stops everything; the next start reuses the data.
 */
async function main(): Promise<void> {
  const root = findRepositoryRoot();
  const keys = new LocalKeys(resolve(readEnv('LT_DATA_DIR') ?? join(root, '.lienthong')));
  const natsUrl = readEnv('NATS_URL');
  const databaseUrl = readEnv('DATABASE_URL');
  const running: { infra?: Infrastructure } = {};
  const shutdown = async (code: number) => {
    await group.stopAll('SIGTERM', 8000);
    await running.infra?.stop();
    process.exit(code);
  };
  const group = new ProcessGroup({
    onUnexpectedExit: (exit) => {
      fail(`${exit.name} stopped unexpectedly; its last lines:\n${exit.recentOutput.join('\n')}`);
      // tests that stop one service on purpose (the console's pages of a stopped service) keep
      // the rest of the stack running
      if (readEnv('LT_KEEP_RUNNING_ON_EXIT') !== '1') {
        void shutdown(1);
      }
    },
  });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  step('starting NATS and PostgreSQL');
  const infra = await startInfrastructure(keys, {
    ...(natsUrl ? { natsUrl } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  running.infra = infra;
  recorded.databaseUrl = infra.databaseUrl;
  await prepareBus(infra);

  step('starting the trust service');
  const operatorKey = keys.tokenKeyPair('operator').privateKeyFile;
  const identityUrl = `http://127.0.0.1:${portOf('IDENTITY', IDENTITY_PORT)}`;
  const consoleUrl = `http://127.0.0.1:${portOf('CONSOLE', CONSOLE_PORT)}`;
  const tokenIssuersFile = writeTokenIssuers(keys, identityUrl);
  const common = { ...commonEnv(infra, keys), TOKEN_ISSUERS_FILE: tokenIssuersFile };
  recordPid(
    keys,
    'trust',
    group.spawn('trust', process.execPath, [join(root, 'dist/apps/trust/src/main.js')], {
      env: {
        ...common,
        ...natsEnv(infra, 'trust'),
        TRUST_HTTP_PORT: String(portOf('TRUST', TRUST_PORT)),
        TRUST_DATA_DIR: keys.dir('trust'),
        OPERATOR_JWKS_FILE: await keys.operatorJwksFile(),
      },
      logFile: join(keys.dir('logs'), 'trust.log'),
    }),
  );
  const trustUrl = `http://127.0.0.1:${portOf('TRUST', TRUST_PORT)}`;
  await waitForHttp(`${trustUrl}/health`, HEALTH_TIMEOUT_MS);
  const trust = new TrustClient(trustUrl, () =>
    mintToken(operatorKey, operatorTokenInput('launcher', 'operator')),
  );

  step('registering agencies, certificates, services and access rights');
  const schemas = new SchemaRegistry();
  const files = await bootstrapTrust(trust, keys, schemas);

  step(`seeding the registries (${DEMO_CITIZENS} citizens, seed ${DEMO_SEED})`);
  const seeded = await seedRegistries({
    databaseUrl: infra.databaseUrl,
    citizens: DEMO_CITIZENS,
    seed: DEMO_SEED,
  });

  step('starting the legacy merit registry (the NCC adapter answers from it)');
  const merit = await prepareMeritRegistry(keys, infra.databaseUrl);
  const legacyPort = portOf('NCC_LEGACY', MERIT_LEGACY_PORT);
  group.spawn(
    'merit-registry',
    process.execPath,
    [
      join(root, 'legacy/merit-registry/server.mjs'),
      '--port',
      String(legacyPort),
      '--data',
      merit.recordsFile,
      '--clients',
      merit.clientsFile,
    ],
    { env: { PATH: process.env['PATH'] }, logFile: join(keys.dir('logs'), 'merit-registry.log') },
  );
  await waitForHttp(`http://127.0.0.1:${legacyPort}/health`, HEALTH_TIMEOUT_MS);
  const edge = await xroadEdgeCertificate(keys, 'CIV');
  const extraEnv: Record<string, NodeJS.ProcessEnv> = {
    NCC: {
      LT_AGENCY_CONFIG_FILE: meritAgencyConfiguration(
        keys,
        join(root, 'deploy/agencies/merit-registry.agency.json'),
        legacyPort,
      ),
      LT_AGENCY_FILES_DIR: merit.agencyFilesDir,
    },
    CIV: {
      XROAD_TLS_PORT: String(portOf('CIV_XROAD', CIV_XROAD_PORT)),
      XROAD_TLS_CERT_FILE: edge.certFile,
      XROAD_TLS_KEY_FILE: edge.keyFile,
    },
  };

  step('starting the identity provider');
  const citizens = await demoCitizens(infra.databaseUrl, seeded.samples.livingAdult ?? '');
  const identity = writeIdentityFiles(keys, { consoleUrl, citizens });
  startIdentity(group, identity, identityUrl, keys);
  const identityReady = waitForHttp(`${identityUrl}/health`, HEALTH_TIMEOUT_MS);

  step('starting the agency adapters and the audit service');
  for (const app of [...AGENCY_APPS, AUDIT_APP]) {
    recordPid(
      keys,
      app.app,
      group.spawn(app.app, process.execPath, [join(root, `dist/apps/${app.app}/src/main.js`)], {
        env: {
          ...common,
          ...natsEnv(infra, app.app),
          ...appEnv(app, files, keys),
          ...extraEnv[app.member],
        },
        logFile: join(keys.dir('logs'), `${app.app}.log`),
      }),
    );
  }
  await Promise.all(
    [...AGENCY_APPS, AUDIT_APP].map((app) =>
      waitForHttp(`http://127.0.0.1:${portOf(app.member, app.port)}/health`, HEALTH_TIMEOUT_MS),
    ),
  );
  await identityReady;
  step('starting the console');
  const anchorFile = [...files.values()][0]?.anchorFile ?? '';
  startConsole(group, {
    identity,
    identityUrl,
    consoleUrl,
    tokenIssuersFile,
    anchorFile,
    infra,
    keys,
  });
  await waitForHttp(`${consoleUrl}/health`, HEALTH_TIMEOUT_MS);
  const civOfficer = await mintToken(
    keys.tokenKeyPair('officer-CIV').privateKeyFile,
    officerTokenInput('CIV', 'cb-tuphap-01', 'officer'),
  );
  printReady({
    trustUrl,
    infra,
    keys,
    seeded,
    civOfficer,
    portOf,
    consoleUrl,
    identityUrl,
    accounts: identity.accounts,
    merit: merit.samples[0] ?? '',
  });
}

async function prepareBus(infra: Infrastructure): Promise<void> {
  const nc = await connectWhenReady(
    { ...infra.credentials('launcher'), url: infra.natsUrl },
    'launcher',
  );
  try {
    const jsm = await jetstreamManager(nc);
    // never fewer replicas than an operator gave an existing stream (ensureStreams keeps them)
    await ensureStreams(jsm, DEFAULT_NAMESPACE, { replicas: infra.replicas });
    const js = jetstream(nc);
    await ensureConfigBucket(js, DEFAULT_NAMESPACE, { replicas: infra.replicas });
    // one attachment store per ordered pair of agencies: a pair's files are its parties' only (ADR 0019)
    for (const pair of localAttachmentPairs()) {
      await ensureAttachmentStore(js, DEFAULT_NAMESPACE, pair, { replicas: infra.replicas });
    }
    // The operator provisions each subscription's durable consumer from the event rights; an
    // agency's NATS user may read and ack its own consumers but never create one (docs/security.md §4.1).
    for (const right of DEMO_EVENT_RIGHTS) {
      await ensureDurableConsumer(
        jsm,
        streamName(DEFAULT_NAMESPACE, 'EVENTS'),
        eventConsumerOptions(
          DEFAULT_NAMESPACE,
          { member: right.subscriber, subsystem: 'registry' },
          right,
        ),
      );
    }
    // Every agency adapter witnesses the audit log: one consumer each, one checkpoint in flight
    // so that checkpoints are judged in the order the log published them.
    for (const app of AGENCY_APPS) {
      await ensureDurableConsumer(jsm, streamName(DEFAULT_NAMESPACE, 'AUDIT'), {
        name: witnessConsumerName(app.member, app.subsystem),
        filterSubject: auditSubject(DEFAULT_NAMESPACE, AUDIT_APP.member),
        maxAckPending: 1,
        description: `${app.member}/${app.subsystem} witnesses the audit log`,
      });
    }
  } finally {
    await drainBus(nc);
  }
}

const pids: Record<string, number> = {};

/**
 * Keeps `<data folder>/stack.json` (0600): each app's process id and the database URL, what the
 * console's browser tests use to stop one service or end a session.
 */
function recordPid(keys: LocalKeys, name: string, child: { pid?: number | undefined }): void {
  if (child.pid !== undefined) {
    pids[name] = child.pid;
    writeFileSync(
      join(keys.dataDir, 'stack.json'),
      `${JSON.stringify({ pids, databaseUrl: recorded.databaseUrl }, null, 2)}\n`,
      { mode: 0o600 },
    );
  }
}

/** What recordPid writes besides the pids (set once the infrastructure runs). */
const recorded: { databaseUrl?: string } = {};

function startIdentity(
  group: ProcessGroup,
  identity: IdentityFiles,
  identityUrl: string,
  keys: LocalKeys,
): void {
  const root = findRepositoryRoot();
  recordPid(
    keys,
    'identity',
    group.spawn('identity', process.execPath, [join(root, 'dist/tools/identity/main.js')], {
      env: {
        PATH: process.env['PATH'],
        NODE_OPTIONS: APP_NODE_OPTIONS,
        IDENTITY_HTTP_PORT: new URL(identityUrl).port,
        IDENTITY_ISSUER: identityUrl,
        IDENTITY_DATA_DIR: identity.dataDir,
        IDENTITY_ACCOUNTS_FILE: identity.accountsFile,
        IDENTITY_CLIENTS_FILE: identity.clientsFile,
      },
      logFile: join(keys.dir('logs'), 'identity.log'),
    }),
  );
}

function startConsole(
  group: ProcessGroup,
  input: {
    identity: IdentityFiles;
    identityUrl: string;
    consoleUrl: string;
    tokenIssuersFile: string;
    anchorFile: string;
    infra: Infrastructure;
    keys: LocalKeys;
  },
): void {
  const root = findRepositoryRoot();
  const { keys } = input;
  const services: Record<string, string> = {
    TRUST: `http://127.0.0.1:${portOf('TRUST', TRUST_PORT)}`,
  };
  for (const app of [...AGENCY_APPS, AUDIT_APP]) {
    services[app.member] = `http://127.0.0.1:${portOf(app.member, app.port)}`;
  }
  const upstreamsFile = join(keys.dir('console'), 'upstreams.json');
  writeFileSync(
    upstreamsFile,
    JSON.stringify({ services, citizenServices: ['AUDIT', 'CIV'] }, null, 2),
  );
  recordPid(
    keys,
    'console',
    group.spawn('console', process.execPath, [join(root, 'dist/apps/console/src/main.js')], {
      env: {
        PATH: process.env['PATH'],
        NODE_OPTIONS: APP_NODE_OPTIONS,
        LOG_LEVEL: readEnv('LOG_LEVEL') ?? 'info',
        DATABASE_URL: input.infra.databaseUrl,
        CONSOLE_HTTP_PORT: new URL(input.consoleUrl).port,
        CONSOLE_PUBLIC_URL: input.consoleUrl,
        CONSOLE_WEB_DIR: join(root, 'dist/apps/console/web'),
        CONSOLE_OIDC_ISSUER: input.identityUrl,
        CONSOLE_OIDC_CLIENT_ID: 'lienthong-console',
        CONSOLE_OIDC_CLIENT_SECRET_FILE: input.identity.clientSecretFile,
        CONSOLE_UPSTREAMS_FILE: upstreamsFile,
        TOKEN_ISSUERS_FILE: input.tokenIssuersFile,
        LT_ANCHOR_FILE: input.anchorFile,
        ...(readEnv('CONSOLE_SESSION_IDLE_MINUTES')
          ? { CONSOLE_SESSION_IDLE_MINUTES: readEnv('CONSOLE_SESSION_IDLE_MINUTES') }
          : {}),
      },
      logFile: join(keys.dir('logs'), 'console.log'),
    }),
  );
}

function commonEnv(infra: Infrastructure, keys: LocalKeys): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    NODE_OPTIONS: APP_NODE_OPTIONS,
    LOG_LEVEL: readEnv('LOG_LEVEL') ?? 'info',
    NATS_URL: infra.natsUrl,
    DATABASE_URL: infra.databaseUrl,
    LT_SUBJECT_KEY_FILE: keys.secretFile('subject-key'),
    ...(readEnv('OTEL_EXPORTER_OTLP_ENDPOINT')
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: readEnv('OTEL_EXPORTER_OTLP_ENDPOINT') }
      : {}),
  };
}

function natsEnv(infra: Infrastructure, app: string): NodeJS.ProcessEnv {
  const { user, pass, nkeySeedFile, credsFile, tls } = infra.credentials(app);
  const entries: [string, string | undefined][] = [
    ['NATS_USER', user],
    ['NATS_PASS', pass],
    ['NATS_NKEY_SEED_FILE', nkeySeedFile],
    ['NATS_CREDS_FILE', credsFile],
    ['NATS_TLS_CA_FILE', tls?.caFile],
    ['NATS_TLS_CERT_FILE', tls?.certFile],
    ['NATS_TLS_KEY_FILE', tls?.keyFile],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => !!entry[1]));
}

function appEnv(app: DemoApp, files: Map<string, MemberFiles>, keys: LocalKeys): NodeJS.ProcessEnv {
  const member = files.get(app.member);
  if (!member) {
    throw new Error(`no certificate for ${app.member}`);
  }
  return {
    HTTP_PORT: String(portOf(app.member, app.port)),
    LT_KEY_FILE: member.keyFile,
    LT_CERT_FILE: member.certFile,
    LT_CHAIN_FILE: member.chainFile,
    LT_ANCHOR_FILE: member.anchorFile,
    OFFICER_TOKEN_PUBLIC_KEY_FILE: keys.tokenKeyPair(`officer-${app.member}`).publicKeyFile,
    OPERATOR_JWKS_FILE: join(keys.dir('tokens'), 'operator.jwks.json'),
    PORTAL_TOKEN_PUBLIC_KEY_FILE: keys.tokenKeyPair('portal').publicKeyFile,
  };
}

/** Ports are overridable per member: LT_PORT_POP=8101 etc. */
function portOf(member: string, fallback: number): number {
  return Number(readEnv(`LT_PORT_${member}`) ?? fallback);
}

function step(text: string): void {
  process.stdout.write(`• ${text}\n`);
}

function fail(text: string): void {
  process.stderr.write(`lienthong: ${text}\n`);
}

main().catch((error: unknown) => {
  const appError = toAppError(error);
  fail(
    appError.code === 'INTERNAL_ERROR' && error instanceof Error ? error.message : appError.message,
  );
  process.exit(appError.code.startsWith('DEVSTACK_NATS_SERVER_MISSING') ? 3 : 1);
});
