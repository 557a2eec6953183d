import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { ensureBuilt } from './build';

/** The repository (this file is tools/console/…, from source or from dist/). */
function repositoryRoot(): string {
  return join(__dirname, __dirname.includes(`${'/'}dist${'/'}`) ? '../../..' : '../..');
}

function stackFile(dataDir: string): { pids: Record<string, number>; databaseUrl: string } {
  return JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as {
    pids: Record<string, number>;
    databaseUrl: string;
  };
}

/** A whole local stack (`npm start`) on free ports with its own data folder, for browser tests. */
export interface RunningStack {
  readonly consoleUrl: string;
  readonly identityUrl: string;
  readonly ports: Readonly<Record<string, number>>;
  readonly dataDir: string;
  /** What the launcher printed (samples, accounts). */
  readonly banner: string;
  /** Seeded samples the banner names. */
  readonly samples: { readonly adult: string; readonly child: string; readonly deceased: string };
  /** The demo citizens' personal ids, in account order (congdan1, congdan2). */
  readonly citizens: readonly string[];
  /** The stack's PostgreSQL (the console's sessions live in its schema `console`). */
  databaseUrl(): string;
  /** Stops one app of the stack (SIGTERM) and waits until it is gone. */
  stopApp(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** A port nobody listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// every port the launcher opens, so that stacks started side by side never share one
const NAMES = [
  'TRUST',
  'POP',
  'BIZ',
  'CIV',
  'INS',
  'NCC',
  'NCC_LEGACY',
  'CIV_XROAD',
  'AUDIT',
  'CONSOLE',
  'IDENTITY',
] as const;
const START_TIMEOUT_MS = 150_000;

async function gone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process ${pid} did not stop`);
}

/**
 * Starts the launcher (built dist/) exactly as `npm start` does, on free ports, with a fresh data
 * folder, its own nats-server and embedded PostgreSQL, and waits for its ready banner.
 */
export async function startLocalStack(): Promise<RunningStack> {
  ensureBuilt();
  const root = repositoryRoot();
  const dataDir = mkdtempSync(join(tmpdir(), 'lt-console-'));
  const ports: Record<string, number> = {};
  for (const name of NAMES) {
    ports[name] = await freePort();
  }
  const launcher: ChildProcess = spawn(
    process.execPath,
    [join(root, 'dist/tools/launcher/main.js')],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NATS_URL: '',
        DATABASE_URL: '',
        LT_DATA_DIR: dataDir,
        LT_KEEP_RUNNING_ON_EXIT: '1',
        LOG_LEVEL: 'warn',
        ...Object.fromEntries(NAMES.map((n) => [`LT_PORT_${n}`, String(ports[n])])),
      },
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the stack did not start in time:\n${output.slice(-3000)}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ctrl-C stops everything')) {
        clearTimeout(timer);
        resolve();
      }
    };
    launcher.stdout?.on('data', read);
    launcher.stderr?.on('data', read);
    launcher.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited (${String(code)}):\n${output.slice(-3000)}`));
    });
  });
  const stop = async () => {
    if (launcher.exitCode === null && launcher.pid !== undefined) {
      process.kill(-launcher.pid, 'SIGINT');
      await gone(launcher.pid, 30_000).catch(() =>
        process.kill(-(launcher.pid as number), 'SIGKILL'),
      );
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  const sample = (label: string) => {
    const found = new RegExp(`${label} (\\d{12})`).exec(output)?.[1];
    if (!found) {
      throw new Error(`the launcher printed no ${label} sample:\n${output.slice(-2000)}`);
    }
    return found;
  };
  const citizens = [...output.matchAll(/congdan\d\s+citizen\s+(\d{12})/g)].map((m) => m[1]);
  return {
    consoleUrl: `http://127.0.0.1:${ports['CONSOLE']}`,
    identityUrl: `http://127.0.0.1:${ports['IDENTITY']}`,
    ports,
    dataDir,
    banner: output,
    samples: {
      adult: sample('adult'),
      child: sample('child under 6'),
      deceased: sample('deceased'),
    },
    citizens,
    databaseUrl: () => stackFile(dataDir).databaseUrl,
    stopApp: async (name) => {
      const pid = stackFile(dataDir).pids[name];
      if (pid === undefined) {
        throw new Error(`no app ${name} in this stack`);
      }
      process.kill(-pid, 'SIGTERM');
      await gone(pid, 20_000);
    },
    stop,
  };
}
