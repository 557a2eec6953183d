import {
  MessagingError,
  connectBus,
  drainBus,
  lookupQueueGroup,
  lookupSubject,
  requestBytes,
  serveRequests,
  type NatsConnection,
  type RequestServer,
} from '@lienthong/messaging';
import { testNamespace, testNatsConnection } from '@lienthong/testing';
import { SpanKind, currentTraceId, startTelemetry, withSpan } from '@lienthong/telemetry';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('request-reply', () => {
  const ns = testNamespace();
  const stopTelemetry = startTelemetry({ serviceName: 'messaging-int', exporter: 'none' });
  let nc: NatsConnection;
  const servers: RequestServer[] = [];

  beforeAll(async () => {
    nc = await connectBus({ ...testNatsConnection(), name: 'request-reply-spec' });
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  afterAll(async () => {
    await drainBus(nc);
    await stopTelemetry();
  });

  it('replies with bytes and headers and carries the trace id to the responder', async () => {
    const subject = lookupSubject(ns, 'POP', 'registry', 'citizen-by-id');
    let responderTraceId: string | undefined;
    servers.push(
      serveRequests(nc, {
        subject,
        queue: lookupQueueGroup('POP', 'registry'),
        handler: (request) => {
          responderTraceId = currentTraceId();
          return Promise.resolve({
            data: bytes(`hello ${text(request.data)}`),
            headers: { 'Lt-Type': request.headers['Lt-Type'] ?? 'none' },
          });
        },
      }),
    );
    const { reply, callerTraceId } = await withSpan(
      'caller',
      { kind: SpanKind.INTERNAL },
      async () => ({
        reply: await requestBytes(nc, subject, {
          data: bytes('CIV'),
          headers: { 'Lt-Type': 'urn:x:1' },
        }),
        callerTraceId: currentTraceId(),
      }),
    );
    expect(text(reply.data)).toBe('hello CIV');
    expect(reply.headers['Lt-Type']).toBe('urn:x:1');
    expect(responderTraceId).toBe(callerTraceId);
  });

  it('fails with BUS_NO_RESPONDERS when nobody serves the subject', async () => {
    const subject = lookupSubject(ns, 'BIZ', 'registry', 'nobody-home');
    await expect(requestBytes(nc, subject, { data: bytes('x') })).rejects.toMatchObject({
      code: 'BUS_NO_RESPONDERS',
      retryable: true,
    });
  });

  it('fails with BUS_TIMEOUT when the responder misses the deadline', async () => {
    const subject = lookupSubject(ns, 'INS', 'registry', 'slow');
    servers.push(
      serveRequests(nc, {
        subject,
        queue: lookupQueueGroup('INS', 'registry'),
        handler: () =>
          new Promise((resolve) =>
            setTimeout(() => resolve({ data: bytes('late'), headers: {} }), 500),
          ),
      }),
    );
    const started = Date.now();
    await expect(
      requestBytes(nc, subject, { data: bytes('x') }, { timeoutMs: 150 }),
    ).rejects.toMatchObject({ code: 'BUS_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(450);
  });

  it('sends nothing unsigned when the handler throws, and keeps serving', async () => {
    const subject = lookupSubject(ns, 'CIV', 'registry', 'flaky');
    let calls = 0;
    servers.push(
      serveRequests(nc, {
        subject,
        queue: lookupQueueGroup('CIV', 'registry'),
        handler: () => {
          calls += 1;
          return calls === 1
            ? Promise.reject(new Error('database password=secret'))
            : Promise.resolve({ data: bytes('ok'), headers: {} });
        },
      }),
    );
    // no reply at all: the requester times out (docs/protocol.md §5), nothing leaks
    await expect(
      requestBytes(nc, subject, { data: bytes('1') }, { timeoutMs: 500 }),
    ).rejects.toMatchObject({ code: 'BUS_TIMEOUT' });
    const second = await requestBytes(nc, subject, { data: bytes('2') });
    expect(text(second.data)).toBe('ok');
  });

  it('spreads requests of a queue group over both responders', async () => {
    const subject = lookupSubject(ns, 'POP', 'registry', 'spread');
    const served = { a: 0, b: 0 };
    for (const name of ['a', 'b'] as const) {
      servers.push(
        serveRequests(nc, {
          subject,
          queue: lookupQueueGroup('POP', 'registry'),
          handler: () => {
            served[name] += 1;
            return Promise.resolve({ data: bytes(name), headers: {} });
          },
        }),
      );
    }
    await nc.flush();
    for (let i = 0; i < 60; i++) {
      await requestBytes(nc, subject, { data: bytes(String(i)) });
    }
    expect(served.a + served.b).toBe(60);
    expect(served.a).toBeGreaterThan(5);
    expect(served.b).toBeGreaterThan(5);
  });

  it('reports an unreachable server with BUS_UNREACHABLE naming the URL', async () => {
    const url = 'nats://127.0.0.1:1';
    const failure: unknown = await connectBus({
      servers: url,
      name: 'nowhere',
      timeoutMs: 1000,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MessagingError);
    expect((failure as MessagingError).code).toBe('BUS_UNREACHABLE');
    expect((failure as MessagingError).message).toContain(url);
    expect((failure as MessagingError).message).not.toContain('\n');
  });
});
