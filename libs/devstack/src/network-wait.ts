import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { redactConfig } from '@lienthong/config';
import { DevstackError } from './devstack.errors';

const RETRY_INTERVAL_MS = 100;

/** Default ports of the URL schemes the stack connects to, used when a URL names none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'nats:': 4222,
  'tls:': 4222,
  'postgres:': 5432,
  'postgresql:': 5432,
  'http:': 80,
  'https:': 443,
};

/** One `host:port` a URL points at. */
export interface TcpEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Asks the kernel for a currently free TCP port on `host`. Another process may take it before the
 * caller binds it, so servers started on it retry with a new port when the bind fails.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One connection attempt; resolves true when the port accepted it within `timeoutMs`. */
export function tryConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(Math.max(1, timeoutMs), () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * Waits until `host:port` accepts TCP connections; DEVSTACK_WAIT_TIMEOUT after `timeoutMs`.
 * `signal` ends the wait early (e.g. the server process died), rejecting with its reason.
 */
export async function waitForTcp(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const left = deadline - Date.now();
    if (left > 0 && (await tryConnect(host, port, Math.min(left, 1_000)))) {
      return;
    }
    if (Date.now() + RETRY_INTERVAL_MS > deadline) {
      throw new DevstackError(
        'DEVSTACK_WAIT_TIMEOUT',
        `${host}:${port} did not accept connections within ${timeoutMs} ms`,
        { details: { host, port, timeoutMs } },
      );
    }
    await sleep(RETRY_INTERVAL_MS);
  }
}

/**
 * Waits until `url` answers a GET with a 2xx status; DEVSTACK_WAIT_TIMEOUT after `timeoutMs`.
 * `signal` ends the wait early, rejecting with its reason.
 */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    signal?.throwIfAborted();
    const left = deadline - Date.now();
    if (left > 0) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(Math.min(left, 1_000)) });
        await response.body?.cancel();
        if (response.ok) {
          return;
        }
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
    }
    if (Date.now() + RETRY_INTERVAL_MS > deadline) {
      throw new DevstackError(
        'DEVSTACK_WAIT_TIMEOUT',
        `${safeUrl(url)} did not answer 2xx within ${timeoutMs} ms (last: ${last})`,
        { details: { url: safeUrl(url), timeoutMs } },
      );
    }
    await sleep(RETRY_INTERVAL_MS);
  }
}

/**
 * Checks a server URL the user supplied (NATS_URL, DATABASE_URL) before anything relies on it, so
 * that a typo fails in one clear line instead of a reconnect loop. A comma-separated NATS server
 * list passes when any of its servers accepts a connection.
 */
export async function checkTcpReachable(url: string, timeoutMs: number): Promise<void> {
  const endpoints = parseEndpoints(url);
  const deadline = Date.now() + timeoutMs;
  const results = await Promise.all(
    endpoints.map((e) => tryConnect(e.host, e.port, Math.max(1, deadline - Date.now()))),
  );
  if (!results.includes(true)) {
    const shown = safeUrl(url);
    throw new DevstackError(
      'DEVSTACK_UNREACHABLE',
      `${shown} is not reachable (no TCP connection within ${timeoutMs} ms); is the server running?`,
      { details: { url: shown, timeoutMs } },
    );
  }
}

/** The endpoints of a URL or comma-separated URL list, with the scheme's default port filled in. */
export function parseEndpoints(url: string): TcpEndpoint[] {
  return url.split(',').map((part) => {
    const text = part.trim();
    let parsed: URL;
    try {
      parsed = new URL(text.includes('://') ? text : `nats://${text}`);
    } catch {
      throw new DevstackError('DEVSTACK_URL_INVALID', `${safeUrl(text)} is not a valid URL`, {
        details: { url: safeUrl(text) },
      });
    }
    const port = parsed.port === '' ? DEFAULT_PORTS[parsed.protocol] : Number(parsed.port);
    if (!parsed.hostname || port === undefined) {
      throw new DevstackError(
        'DEVSTACK_URL_INVALID',
        `${safeUrl(text)} names no host or port and its scheme has no default port`,
        { details: { url: safeUrl(text) } },
      );
    }
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  });
}

/** A URL with its password replaced, safe for messages and logs. */
export function safeUrl(url: string): string {
  return String(redactConfig(url));
}

/** `host` as it must appear in a URL authority (IPv6 literals in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
