import { readFileSync } from 'node:fs';
import {
  AuthorizationError,
  credsAuthenticator,
  nkeyAuthenticator,
  type Authenticator,
  type NatsConnection,
  type ServerInfo,
  type TlsOptions,
} from '@nats-io/nats-core';
import type * as NatsInternal from '@nats-io/nats-core/lib/internal_mod';
import { nodeResolveHost } from '@nats-io/transport-node/lib/node_transport';
import { createLogger, type Logger } from '@lienthong/telemetry';
import { CoalescingTransport } from './coalescing-transport';
import { MessagingError } from './messaging.errors';

/** Options of {@link connectBus}. */
export interface BusConnectionOptions {
  /** One URL or several (a cluster), e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string | readonly string[];
  /** Connection name shown by the server's monitoring (`POP/registry#1`). */
  readonly name: string;
  readonly user?: string;
  readonly pass?: string;
  /** A file holding the user's NKey seed (`SU…`); instead of user/password. */
  readonly nkeySeedFile?: string;
  /** A credentials file (user JWT and seed, decentralised auth); instead of user/password. */
  readonly credsFile?: string;
  /**
   * TLS towards the server: the CA its certificate must chain to and, for mutual TLS, this
   * client's certificate and key. Unset: TLS only if the server asks for it, verified against
   * the system's CAs.
   */
  readonly tls?: {
    readonly caFile?: string;
    readonly certFile?: string;
    readonly keyFile?: string;
  };
  /** Reply-inbox prefix from `inboxPrefix(ns, member, subsystem)`; required under agency permissions. */
  readonly inboxPrefix?: string;
  /** How long the first connection may take; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Where the old-server warning goes; default a `messaging` logger. */
  readonly logger?: Logger;
}

/** A process's bus settings (`natsSettingsFromEnv` of @lienthong/config) as connection options. */
export function busConnectionOptions(settings: {
  readonly url: string;
  readonly user?: string;
  readonly pass?: string;
  readonly nkeySeedFile?: string;
  readonly credsFile?: string;
  readonly tls?: BusConnectionOptions['tls'];
}): Pick<BusConnectionOptions, 'servers' | 'user' | 'pass' | 'nkeySeedFile' | 'credsFile' | 'tls'> {
  const { url, ...rest } = settings;
  return { servers: url, ...rest };
}

/** Features newer than the nats-server 2.9 our dev machines run (docs/adr/0005-local-stack.md). */
export interface BusFeatures {
  readonly version: string;
  /** `filter_subjects` on one consumer (2.10). */
  readonly multiFilterConsumers: boolean;
  /** Stream subject transforms (2.10). */
  readonly subjectTransforms: boolean;
  /** `Nats-TTL` per-message TTL (2.11). */
  readonly perMessageTtl: boolean;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** Pause before trying the same server again after losing it. */
const RECONNECT_WAIT_MS = 250;

// The transport-plugging entry point of nats.js (what @nats-io/transport-node's `connect` uses).
// It is a package export ("./internal") that this repository's node10 module resolution cannot
// see, so it is required at run time and typed from its declaration file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const natsInternal = require('@nats-io/nats-core/internal') as typeof NatsInternal;

function parseVersion(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .split(/[.-]/)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor, patch];
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [ma, mi] = parseVersion(version);
  return ma > major || (ma === major && mi >= minor);
}

/** What the connected server supports, to gate newer JetStream features by version. */
export function busFeatures(info: Pick<ServerInfo, 'version'> | undefined): BusFeatures {
  const version = info?.version ?? '0.0.0';
  return {
    version,
    multiFilterConsumers: atLeast(version, 2, 10),
    subjectTransforms: atLeast(version, 2, 10),
    perMessageTtl: atLeast(version, 2, 11),
  };
}

/** A list, or one string of comma-separated URLs as NATS_URL holds for a cluster. */
export function natsServerUrls(servers: string | readonly string[]): string[] {
  return (typeof servers === 'string' ? servers.split(',') : [...servers])
    .map((url) => url.trim())
    .filter((url) => url.length > 0);
}

/**
 * Connects to NATS. An unreachable server fails within `timeoutMs` with BUS_UNREACHABLE naming the
 * URL; refused credentials fail with BUS_AUTH_FAILED. Once connected, the client reconnects forever.
 */
export async function connectBus(options: BusConnectionOptions): Promise<NatsConnection> {
  const servers = natsServerUrls(options.servers);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let nc: NatsConnection;
  // nats.js's node client with writes coalesced per event-loop turn (coalescing-transport.ts);
  // the factory is process-wide and serves every connection and reconnection made here
  natsInternal.setTransportFactory({
    factory: () => new CoalescingTransport(),
    dnsResolveFn: nodeResolveHost,
  });
  try {
    nc = await withDeadline(
      natsInternal.NatsConnectionImpl.connect({
        servers,
        name: options.name,
        ...credentials(options),
        ...(options.tls ? { tls: tlsOptions(options.tls) } : {}),
        inboxPrefix: options.inboxPrefix,
        timeout: timeoutMs,
        maxReconnectAttempts: -1,
        // nats.js waits 2 s before trying a server again: after a restart that is up to 2 s more
        // of held messages and waiting publishes on every adapter; a quarter of a second (plus
        // the client's own jitter) costs a lost server a few connection attempts per second
        reconnectTimeWait: RECONNECT_WAIT_MS,
        // nats.js otherwise builds an Error (a stack capture) up front for every request and
        // every JetStream ack, in case it times out: a measurable share of a busy adapter's CPU
        // (docs/performance.md); our errors name the subject and carry the span instead
        noAsyncTraces: true,
      }),
      timeoutMs,
    );
  } catch (error) {
    throw connectError(error, servers, timeoutMs, options);
  }
  warnIfOldServer(nc, options.logger);
  return nc;
}

/** User/password, an NKey or a credentials file: the authenticator nats.js signs the nonce with. */
function credentials(
  options: BusConnectionOptions,
): { user?: string; pass?: string } | { authenticator: Authenticator } {
  if (options.credsFile !== undefined) {
    return { authenticator: credsAuthenticator(readFileSync(options.credsFile)) };
  }
  if (options.nkeySeedFile !== undefined) {
    const seed = readFileSync(options.nkeySeedFile, 'utf8').trim();
    return { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) };
  }
  return {
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.pass === undefined ? {} : { pass: options.pass }),
  };
}

/** Reads the files once here, so that a missing one fails at boot, not at the first reconnect. */
function tlsOptions(tls: NonNullable<BusConnectionOptions['tls']>): TlsOptions {
  return {
    ...(tls.caFile === undefined ? {} : { ca: readFileSync(tls.caFile, 'utf8') }),
    ...(tls.certFile === undefined ? {} : { cert: readFileSync(tls.certFile, 'utf8') }),
    ...(tls.keyFile === undefined ? {} : { key: readFileSync(tls.keyFile, 'utf8') }),
  };
}

/** Node's codes for a server certificate that does not verify. */
const CERTIFICATE_ERRORS = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

function errorChain(error: unknown): { code?: string; message: string }[] {
  const chain: { code?: string; message: string }[] = [];
  // duck-typed: errors from Node's tls module may come from another realm (a test sandbox)
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
    e && typeof e === 'object' && typeof e.message === 'string' && chain.length < 5;
    e = e.cause as typeof e
  ) {
    chain.push({ ...(typeof e.code === 'string' ? { code: e.code } : {}), message: e.message });
  }
  return chain;
}

function connectError(
  error: unknown,
  servers: string[],
  timeoutMs: number,
  options?: BusConnectionOptions,
): MessagingError {
  const where = servers.join(', ');
  if (error instanceof AuthorizationError) {
    return new MessagingError('BUS_AUTH_FAILED', `NATS at ${where} refused the credentials`, {
      cause: error,
      details: { servers },
    });
  }
  const chain = errorChain(error);
  // nats.js keeps Node's message but not always its code
  const certificate = chain.find(
    (e) =>
      (e.code !== undefined && CERTIFICATE_ERRORS.has(e.code)) ||
      /unable to verify|self[- ]signed certificate|certificate has expired|unable to get (local )?issuer|does not match certificate/i.test(
        e.message,
      ),
  );
  if (certificate) {
    const hint =
      options?.tls?.caFile === undefined
        ? 'the server requires TLS and no CA is configured (NATS_TLS_CA_FILE)'
        : `its certificate does not verify against ${options.tls.caFile}`;
    return new MessagingError(
      'BUS_TLS_FAILED',
      `NATS at ${where}: ${hint} (${certificate.message})`,
      { cause: error, details: { servers } },
    );
  }
  if (chain.some((e) => /server does not support 'tls'/.test(e.message))) {
    return new MessagingError(
      'BUS_TLS_FAILED',
      `NATS at ${where} does not offer TLS, but TLS is configured (NATS_TLS_*): refusing plain text`,
      { cause: error, details: { servers } },
    );
  }
  if (
    chain.some((e) =>
      /certificate required|alert.*(116|certificate)|bad certificate/i.test(e.message),
    )
  ) {
    return new MessagingError(
      'BUS_TLS_FAILED',
      `NATS at ${where} requires a client certificate (mutual TLS: NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE)`,
      { cause: error, details: { servers } },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new MessagingError(
    'BUS_UNREACHABLE',
    `cannot reach NATS at ${where} within ${timeoutMs} ms (${reason})`,
    { cause: error, details: { servers } },
  );
}

async function withDeadline<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // a connection that completes after we gave up must not linger
      promise.then((late) => (late as NatsConnection).close()).catch(() => undefined);
      reject(new Error('connect timed out'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function warnIfOldServer(nc: NatsConnection, logger?: Logger): void {
  const features = busFeatures(nc.info);
  if (!features.multiFilterConsumers) {
    (logger ?? createLogger({ name: 'messaging' })).warn(
      { natsVersion: features.version },
      'nats-server older than 2.10: multi-filter consumers, subject transforms and per-message TTL are unavailable',
    );
  }
}

/** Drains subscriptions and pending publishes, then closes; safe to call on a closed connection. */
export async function drainBus(nc: NatsConnection): Promise<void> {
  if (!nc.isClosed() && !nc.isDraining()) {
    await nc.drain();
  }
  await nc.closed();
}
