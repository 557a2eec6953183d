import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APP_NODE_OPTIONS,
  ProcessGroup,
  createDatabase,
  freePort,
  startNatsServer,
  startPostgres,
  waitForHttp,
} from '@lienthong/devstack';
import { connectBus, drainBus, jetstreamManager } from '@lienthong/messaging';
import { findRepositoryRoot } from '@lienthong/schema';

/** NATS and PostgreSQL of one bench run, started here or given by BENCH_NATS_URL / BENCH_DATABASE_URL. */
export interface BenchInfrastructure {
  readonly natsUrl: string;
  /** Superuser URL; each data set gets a database of its own on this server. */
  readonly databaseUrl: string;
  /** Scratch folder of the run (keys, logs); removed by `stop`. */
  readonly dir: string;
  /** The run's private copy of dist/ that its processes start from. */
  readonly distDir: string;
  /** Whether the databases outlive the run (a given server keeps them, so reruns skip seeding). */
  readonly keepsData: boolean;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 60_000;

/** Starts whatever was not given: a nats-server with JetStream and an embedded PostgreSQL (fsync on). */
export async function startBenchInfrastructure(root: string): Promise<BenchInfrastructure> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-bench-lookup-'));
  chmodSync(dir, 0o755);
  // Other engineers rebuild dist/ (which deletes it) at any time; the processes of a run start
  // from a copy, and resolve packages from the repository's node_modules through NODE_PATH.
  const distDir = join(dir, 'dist');
  cpSync(join(root, 'dist'), distDir, { recursive: true });
  // The apps find their JSON Schemas in the schemas/ folder beside a package.json above their code.
  cpSync(join(root, 'schemas'), join(dir, 'schemas'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  const givenNats = process.env['BENCH_NATS_URL'];
  const givenDatabase = process.env['BENCH_DATABASE_URL'];
  const nats = givenNats ? undefined : await startNatsServer({ storeDir: join(dir, 'nats') });
  const postgres = givenDatabase
    ? undefined
    : await startPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  return {
    natsUrl: givenNats ?? (nats?.url as string),
    databaseUrl: givenDatabase ?? (postgres?.url as string),
    dir,
    distDir,
    keepsData: givenDatabase !== undefined,
    stop: async () => {
      await nats?.stop();
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private copy of `<root>/dist` in `dir` that {@link AdapterProcess.start} can run apps from
 * (with the schemas/ folder and package.json the apps look for above their code); returns the
 * copy's dist folder. For benches that start their own infrastructure.
 */
export function copyDistForProcesses(root: string, dir: string): string {
  const distDir = join(dir, 'dist');
  cpSync(join(root, 'dist'), distDir, { recursive: true });
  cpSync(join(root, 'schemas'), join(dir, 'schemas'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  return distDir;
}

/** The database of one data set size, created when missing. */
export function datasetDatabase(infra: BenchInfrastructure, citizens: number): Promise<string> {
  return createDatabase(infra.databaseUrl, `bench_lookup_c${citizens}`);
}

/** Deletes the streams and buckets of a namespace (they would otherwise stay on a given server). */
export async function deleteNamespaceStreams(natsUrl: string, streamPrefix: string): Promise<void> {
  const nc = await connectBus({ servers: natsUrl, name: 'bench-lookup-cleanup' });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${streamPrefix}_`) || name.includes(`_${streamPrefix}_`)) {
        await jsm.streams.delete(name);
      }
    }
  } finally {
    await drainBus(nc);
  }
}

/** One adapter process (node dist/apps/<app>/src/main.js), as the launcher runs it. */
export class AdapterProcess {
  private constructor(
    readonly app: string,
    readonly url: string,
    readonly pid: number,
    private readonly group: ProcessGroup,
  ) {}

  /**
   * Spawns the built app with the given environment on a free port and waits for `/health`.
   * `profileDir` adds `--cpu-prof` (written when the process exits); `entry` runs another built
   * file of dist/ than the app's main (a bench's own adapter).
   */
  static async start(
    distDir: string,
    app: string,
    env: Record<string, string>,
    options: { logFile: string; profileDir?: string; entry?: string },
  ): Promise<AdapterProcess> {
    const port = await freePort();
    const group = new ProcessGroup({ echo: false });
    const args = [
      ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
      join(distDir, options.entry ?? `apps/${app}/src/main.js`),
    ];
    const child = group.spawn(app, process.execPath, args, {
      env: {
        ...childProcessEnv(),
        LOG_LEVEL: 'warn',
        ...env,
        HTTP_PORT: String(port),
      },
      logFile: options.logFile,
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${url}/health`, HEALTH_TIMEOUT_MS);
    } catch (error) {
      await group.stopAll('SIGKILL', 1000);
      throw error;
    }
    return new AdapterProcess(app, url, child.pid as number, group);
  }

  /** Resident set size now, in MiB (VmRSS of /proc/<pid>/status). */
  rssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    return Math.round((kib / 1024) * 10) / 10;
  }

  /** SIGINT first (a clean exit writes the CPU profile), SIGKILL after the grace period. */
  stop(): Promise<void> {
    return this.group.stopAll('SIGINT', 10_000);
  }
}

/** Samples the RSS of some processes every `everyMs` and keeps the peak of each. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly processes: readonly AdapterProcess[],
    everyMs = 250,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }

  /** Stops sampling; returns the peak RSS in MiB per app. */
  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  private sample(): void {
    for (const adapter of this.processes) {
      try {
        const rss = adapter.rssMiB();
        this.peaks.set(adapter.app, Math.max(rss, this.peaks.get(adapter.app) ?? 0));
      } catch {
        // the process may have ended between samples; its last peak stands
      }
    }
  }
}

/** PATH, HOME and the NODE_PATH that lets a process started from a dist copy find the packages. */
export function childProcessEnv(): Record<string, string> {
  const root = findRepositoryRoot();
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    NODE_PATH: join(root, 'node_modules'),
    NODE_OPTIONS: APP_NODE_OPTIONS,
  };
}
