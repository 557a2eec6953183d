import {
  adminPermissions,
  agencyPermissions,
  connectBus,
  drainBus,
  eventSubject,
  inboxPrefix,
  lookupQueueGroup,
  lookupSubject,
  type MessagingError,
  renderNatsServerConfig,
  requestBytes,
  serveRequests,
  type NatsConnection,
} from '@lienthong/messaging';
import { startTestNatsServer, testNamespace, type RunningNats } from '@lienthong/testing';
import { PermissionViolationError } from '@nats-io/nats-core';

const ns = testNamespace();

describe('agency NATS permissions', () => {
  let server: RunningNats;
  let pop: NatsConnection;
  let civ: NatsConnection;
  const popErrors: Error[] = [];

  beforeAll(async () => {
    const civGrants = agencyPermissions(ns, {
      member: 'CIV',
      subsystem: 'registry',
      provides: ['birth-by-id'],
      consumes: [],
      publishesEvents: true,
      subscribesEvents: [],
      consumerNames: [],
    });
    const popGrants = agencyPermissions(ns, {
      member: 'POP',
      subsystem: 'registry',
      provides: ['citizen-by-id'],
      consumes: [{ member: 'CIV', subsystem: 'registry', service: 'birth-by-id' }],
      publishesEvents: true,
      subscribesEvents: [{ publisher: 'CIV', eventType: 'birth-registered' }],
      consumerNames: [],
    });
    server = await startTestNatsServer({
      configText: renderNatsServerConfig({
        host: '127.0.0.1',
        port: 4222,
        users: [
          { user: 'admin', password: 'admin-pw', permissions: adminPermissions() },
          { user: 'CIV', password: 'civ-pw', permissions: civGrants },
          { user: 'POP', password: 'pop-pw', permissions: popGrants },
        ],
      }),
    });
    civ = await connectBus({
      servers: server.url,
      name: 'CIV/registry',
      user: 'CIV',
      pass: 'civ-pw',
      inboxPrefix: inboxPrefix(ns, 'CIV', 'registry'),
    });
    pop = await connectBus({
      servers: server.url,
      name: 'POP/registry',
      user: 'POP',
      pass: 'pop-pw',
      inboxPrefix: inboxPrefix(ns, 'POP', 'registry'),
    });
    void (async () => {
      for await (const status of pop.status()) {
        if (status.type === 'error') {
          popErrors.push(status.error);
        }
      }
    })();
  });

  afterAll(async () => {
    await Promise.all([pop, civ].filter(Boolean).map((nc) => drainBus(nc)));
    await server?.stop();
  });

  async function violationFor(
    operation: 'publish' | 'subscription',
    subject: string,
  ): Promise<PermissionViolationError> {
    await pop.flush();
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
      const found = popErrors.find(
        (e): e is PermissionViolationError =>
          e instanceof PermissionViolationError &&
          e.operation === operation &&
          e.subject === subject,
      );
      if (found) {
        return found;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(
      `no ${operation} violation for ${subject}; saw ${popErrors.map(String).join('; ')}`,
    );
  }

  it('lets POP call the CIV service it is entitled to and get the reply', async () => {
    const served = serveRequests(civ, {
      subject: lookupSubject(ns, 'CIV', 'registry', 'birth-by-id'),
      queue: lookupQueueGroup('CIV', 'registry'),
      handler: (request) => Promise.resolve({ data: request.data, headers: {} }),
    });
    await civ.flush();
    const reply = await requestBytes(pop, lookupSubject(ns, 'CIV', 'registry', 'birth-by-id'), {
      data: new TextEncoder().encode('ping'),
    });
    expect(new TextDecoder().decode(reply.data)).toBe('ping');
    await served.stop();
  });

  it('refuses POP publishing on a CIV event subject', async () => {
    const subject = eventSubject(ns, 'CIV', 'birth-registered');
    pop.publish(subject, new Uint8Array([1]));
    expect(await violationFor('publish', subject)).toMatchObject({ operation: 'publish', subject });
  });

  it('refuses POP subscribing to a CIV request subject', async () => {
    const subject = lookupSubject(ns, 'CIV', 'registry', 'birth-by-id');
    pop.subscribe(subject);
    expect(await violationFor('subscription', subject)).toMatchObject({
      operation: 'subscription',
      subject,
    });
  });

  it('refuses POP subscribing to the CIV reply inbox', async () => {
    const subject = `${inboxPrefix(ns, 'CIV', 'registry')}.>`;
    pop.subscribe(subject);
    expect(await violationFor('subscription', subject)).toMatchObject({
      operation: 'subscription',
      subject,
    });
  });

  it('refuses POP requesting a service it has no right to', async () => {
    const subject = lookupSubject(ns, 'CIV', 'registry', 'death-by-id');
    const failure: unknown = await requestBytes(
      pop,
      subject,
      { data: new Uint8Array([1]) },
      { timeoutMs: 500 },
    ).catch((error: unknown) => error);
    expect(['BUS_PERMISSION_DENIED', 'BUS_TIMEOUT']).toContain((failure as MessagingError).code);
    expect(await violationFor('publish', subject)).toMatchObject({ operation: 'publish', subject });
  });

  it('refuses a client without credentials', async () => {
    await expect(connectBus({ servers: server.url, name: 'anon' })).rejects.toMatchObject({
      code: 'BUS_AUTH_FAILED',
    });
  });
});
