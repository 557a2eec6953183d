import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  ensureNatsTls,
  startNatsServer,
  startPostgres,
  type RunningNats,
} from '@lienthong/devstack';
import { renderNatsServerConfig } from '@lienthong/messaging';
import { TEST_DATABASE_URL, TEST_NATS_CA_FILE, TEST_NATS_URL } from './test-env';
import { TestingError } from './testing.errors';

/** What one globalSetup started, for its globalTeardown (both run in jest's main process). */
interface StartedServers {
  readonly root: string;
  readonly setVariables: string[];
  readonly stops: (() => Promise<void>)[];
}

const STATE = Symbol.for('lienthong.testing.servers');
type StateHolder = { [STATE]?: StartedServers[] };

/** The database every test file creates its schema in, on a server we start. */
const TEST_DATABASE = 'lienthong_test';

/**
 * Starts a nats-server and an embedded PostgreSQL for the test run, each only when its URL is not
 * given already, and publishes their URLs as TEST_NATS_URL / TEST_DATABASE_URL for the workers.
 */
export async function startTestServers(): Promise<void> {
  const needNats = !process.env[TEST_NATS_URL];
  const needPostgres = !process.env[TEST_DATABASE_URL];
  if (!needNats && !needPostgres) {
    return;
  }
  const root = makeTempRoot('lienthong-test-');
  // An interrupted run skips globalTeardown; the servers die with jest, this removes their files.
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const started: StartedServers = { root, setVariables: [], stops: [] };
  ((globalThis as StateHolder)[STATE] ??= []).push(started);
  const results = await Promise.allSettled([
    needNats ? startNats(root, started) : Promise.resolve(),
    needPostgres ? startDatabase(root, started) : Promise.resolve(),
  ]);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    await stopTestServers();
    throw new TestingError(
      'TESTING_SERVERS_FAILED',
      `could not start the test servers:\n${failures.map((f) => messageOf(f.reason)).join('\n')}`,
      { cause: failures[0]?.reason },
    );
  }
}

/** Stops what {@link startTestServers} started, removes its temp dir and unsets its variables. */
export async function stopTestServers(): Promise<void> {
  const holder = globalThis as StateHolder;
  const all = holder[STATE]?.splice(0) ?? [];
  for (const started of all.reverse()) {
    await Promise.allSettled(started.stops.map((stop) => stop()));
    rmSync(started.root, { recursive: true, force: true });
    for (const name of started.setVariables) {
      delete process.env[name];
    }
  }
}

/**
 * The run's nats-server accepts TLS clients only, with a certificate of a CA made for the run, so
 * that every int and e2e test goes through the transport the local stack and a deployment use.
 * TEST_NATS_TLS=0 starts it in plain text instead (to look at the wire while debugging).
 */
async function startNats(root: string, started: StartedServers): Promise<void> {
  const plain = process.env['TEST_NATS_TLS'] === '0';
  const tls = plain ? undefined : await ensureNatsTls(join(root, 'nats-tls'));
  const nats = await startNatsServer({
    storeDir: join(root, 'nats'),
    ...(tls
      ? {
          configText: renderNatsServerConfig({
            host: '127.0.0.1',
            port: 4222,
            users: undefined,
            tls: { certFile: tls.serverCertFile, keyFile: tls.serverKeyFile, caFile: tls.caFile },
          }),
        }
      : {}),
  });
  started.stops.push(() => nats.stop());
  process.env[TEST_NATS_URL] = tls ? nats.url.replace(/^nats:/, 'tls:') : nats.url;
  started.setVariables.push(TEST_NATS_URL);
  if (tls) {
    process.env[TEST_NATS_CA_FILE] = tls.caFile;
    started.setVariables.push(TEST_NATS_CA_FILE);
  }
}

async function startDatabase(root: string, started: StartedServers): Promise<void> {
  const postgres = await startPostgres({
    dataDir: join(root, 'postgres'),
    persistent: false,
    fsync: false,
  });
  started.stops.push(() => postgres.stop());
  process.env[TEST_DATABASE_URL] = await createDatabase(postgres.url, TEST_DATABASE);
  started.setVariables.push(TEST_DATABASE_URL);
}

/**
 * A temp dir PostgreSQL can enter: when tests run as root the server runs as user postgres, and
 * mkdtemp creates the folder private to root.
 */
export function makeTempRoot(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(root, 0o755);
  return root;
}

/**
 * A nats-server of the test's own (e.g. with an auth config), in a temp store dir that is removed
 * when it stops. Most tests share the run's server through {@link testNatsUrl} instead.
 */
export async function startTestNatsServer(
  options: { configText?: string; monitor?: boolean } = {},
): Promise<RunningNats> {
  const storeDir = makeTempRoot('lienthong-nats-');
  try {
    const nats = await startNatsServer({
      storeDir,
      ...(options.configText === undefined ? {} : { configText: options.configText }),
      ...(options.monitor ? { monitorPort: 0 } : {}),
    });
    return {
      ...nats,
      stop: async () => {
        await nats.stop();
        rmSync(storeDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(storeDir, { recursive: true, force: true });
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
