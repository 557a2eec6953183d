import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import {
  type DevstackError,
  checkTcpReachable,
  freePort,
  waitForHttp,
  waitForTcp,
} from '@lienthong/devstack';

function close(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return (error as DevstackError | undefined)?.code;
}

// real: loopback TCP and HTTP servers; mock: nothing.
describe('checkTcpReachable', () => {
  it('names the URL, without its password, when nothing listens', async () => {
    const port = await freePort();
    const url = `postgres://app:s3cret@127.0.0.1:${port}/db`;
    const started = Date.now();
    const error = await checkTcpReachable(url, 1_000).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((error as DevstackError).code).toBe('DEVSTACK_UNREACHABLE');
    expect((error as DevstackError).message).toContain(`127.0.0.1:${port}/db`);
    expect((error as DevstackError).message).not.toContain('s3cret');
  });

  it('gives up on a silent address within the timeout', async () => {
    // TEST-NET-1 (RFC 5737) is never routed: the connect attempt hangs or fails, never succeeds.
    const started = Date.now();
    const code = await codeOf(checkTcpReachable('nats://192.0.2.1:4222', 300));
    expect(code).toBe('DEVSTACK_UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('passes when one server of a list listens and rejects unparsable URLs', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const closed = await freePort();
    try {
      await checkTcpReachable(`nats://127.0.0.1:${closed},nats://127.0.0.1:${port}`, 1_000);
      expect(await codeOf(checkTcpReachable('http://', 100))).toBe('DEVSTACK_URL_INVALID');
    } finally {
      await close(server);
    }
  });
});

describe('waitForTcp', () => {
  it('waits for a port that opens later and times out on one that never does', async () => {
    const port = await freePort();
    const server = createServer();
    const opening = setTimeout(() => server.listen(port, '127.0.0.1'), 300);
    try {
      await waitForTcp('127.0.0.1', port, 5_000);
    } finally {
      clearTimeout(opening);
      await close(server);
    }
    expect(await codeOf(waitForTcp('127.0.0.1', await freePort(), 300))).toBe(
      'DEVSTACK_WAIT_TIMEOUT',
    );
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('server died')), 100);
    const started = Date.now();
    await expect(
      waitForTcp('127.0.0.1', await freePort(), 5_000, controller.signal),
    ).rejects.toThrow('server died');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('waitForHttp', () => {
  it('waits for a 2xx answer', async () => {
    let calls = 0;
    const server = createHttpServer((_req, res) => {
      calls += 1;
      res.statusCode = calls < 3 ? 503 : 200;
      res.end();
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, 5_000);
      expect(calls).toBe(3);
      calls = -1_000;
      expect(await codeOf(waitForHttp(`http://127.0.0.1:${port}/healthz`, 300))).toBe(
        'DEVSTACK_WAIT_TIMEOUT',
      );
    } finally {
      server.closeAllConnections();
      await close(server);
    }
  });
});
