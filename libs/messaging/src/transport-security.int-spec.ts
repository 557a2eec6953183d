import { join } from 'node:path';
import { nkeys } from '@nats-io/nats-core';
import { writeFileSync } from 'node:fs';
import {
  adminPermissions,
  connectBus,
  drainBus,
  renderNatsServerConfig,
  type NatsListenerTls,
} from '@lienthong/messaging';
import {
  ensureNatsTls,
  makeTempRoot,
  startTestNatsServer,
  type RunningNats,
} from '@lienthong/testing';

// real: nats-servers of this file with TLS (a CA made here), mutual TLS and an NKey user; mock: nothing.
describe('the bus transport: TLS, mutual TLS and NKey users', () => {
  const dir = makeTempRoot('lt-transport-');
  let tls: Awaited<ReturnType<typeof ensureNatsTls>>;
  let listener: NatsListenerTls;
  const servers: RunningNats[] = [];

  const start = async (config: Parameters<typeof renderNatsServerConfig>[0]) => {
    const server = await startTestNatsServer({ configText: renderNatsServerConfig(config) });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    tls = await ensureNatsTls(join(dir, 'tls'));
    listener = { certFile: tls.serverCertFile, keyFile: tls.serverKeyFile, caFile: tls.caFile };
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('connects over TLS with the CA, and refuses a client that has none with a clear error', async () => {
    const server = await start({ host: '127.0.0.1', port: 4222, users: undefined, tls: listener });
    const nc = await connectBus({ servers: server.url, name: 'tls', tls: { caFile: tls.caFile } });
    expect(nc.info?.tls_required).toBe(true);
    await drainBus(nc);

    const failure = await connectBus({ servers: server.url, name: 'plain' }).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 'BUS_TLS_FAILED' });
    expect((failure as Error).message).toMatch(/requires TLS and no CA is configured/);
  });

  it('refuses to talk plain text to a server without TLS when TLS is configured', async () => {
    const server = await start({ host: '127.0.0.1', port: 4222, users: undefined });
    const failure = await connectBus({
      servers: server.url,
      name: 'wants-tls',
      tls: { caFile: tls.caFile },
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'BUS_TLS_FAILED' });
    expect((failure as Error).message).toMatch(/does not offer TLS/);
  });

  it('requires a client certificate of the CA under mutual TLS', async () => {
    const server = await start({
      host: '127.0.0.1',
      port: 4222,
      users: undefined,
      tls: { ...listener, verify: true },
    });
    const client = await tls.clientCertificate('POP');
    const nc = await connectBus({
      servers: server.url,
      name: 'mtls',
      tls: { caFile: tls.caFile, ...client },
    });
    await drainBus(nc);
    const failure = await connectBus({
      servers: server.url,
      name: 'no-certificate',
      tls: { caFile: tls.caFile },
      timeoutMs: 3_000,
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: expect.stringMatching(/^BUS_(TLS_FAILED|UNREACHABLE)$/),
    });
  });

  it('authenticates an NKey user by its seed file, and refuses a wrong seed', async () => {
    const user = nkeys.createUser();
    const seedFile = join(dir, 'user.nk');
    writeFileSync(seedFile, new TextDecoder().decode(user.getSeed()), { mode: 0o600 });
    const config = renderNatsServerConfig({
      host: '127.0.0.1',
      port: 4222,
      users: [],
      tls: listener,
    }).replace(
      /authorization \{\n {2}users: \[\n/,
      `authorization {\n  users: [\n    { nkey: ${JSON.stringify(user.getPublicKey())}, permissions: ${JSON.stringify(adminPermissions())} }\n`,
    );
    const server = await startTestNatsServer({ configText: config });
    servers.push(server);
    const nc = await connectBus({
      servers: server.url,
      name: 'nkey',
      nkeySeedFile: seedFile,
      tls: { caFile: tls.caFile },
    });
    await drainBus(nc);
    const otherFile = join(dir, 'other.nk');
    writeFileSync(otherFile, new TextDecoder().decode(nkeys.createUser().getSeed()), {
      mode: 0o600,
    });
    await expect(
      connectBus({
        servers: server.url,
        name: 'nkey-wrong',
        nkeySeedFile: otherFile,
        tls: { caFile: tls.caFile },
      }),
    ).rejects.toMatchObject({ code: 'BUS_AUTH_FAILED' });
  });
});
