import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  DevstackError,
  findNatsServer,
  natsServerVersion,
  startNatsServer,
  type RunningNats,
} from '@lienthong/devstack';
import { makeTempRoot, testNamespace, uniqueSuffix } from '@lienthong/testing';
import { tryConnect } from './network-wait';

/** transport-node's typings reach nats-core through a subpath node10 resolution cannot follow. */
function connectTo(url: string): Promise<NatsConnection> {
  return connect({ servers: url }) as Promise<NatsConnection>;
}

// real: nats-server binary, @nats-io client; mock: nothing.
describe('startNatsServer', () => {
  let root: string;
  const running: RunningNats[] = [];

  beforeEach(() => {
    root = makeTempRoot('devstack-nats-');
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  it('runs JetStream on a free port and stops for good', async () => {
    const sut = await startNatsServer({ storeDir: join(root, 'store'), port: 0, monitorPort: 0 });
    running.push(sut);
    expect(sut.url).toBe(`nats://127.0.0.1:${sut.port}`);
    const health = await fetch(`${sut.monitorUrl ?? ''}/healthz`);
    expect(health.status).toBe(200);

    const nc = await connectTo(sut.url);
    try {
      const { streamPrefix, subjectRoot } = testNamespace();
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: `${streamPrefix}_EVENTS`, subjects: [`${subjectRoot}.evt.>`] });
      const ack = await jetstream(nc).publish(`${subjectRoot}.evt.POP.born`, 'x', { msgID: 'm1' });
      expect(ack.seq).toBe(1);
      expect(ack.stream).toBe(`${streamPrefix}_EVENTS`);
    } finally {
      await nc.close();
    }

    await sut.stop();
    expect(await tryConnect('127.0.0.1', sut.port, 500)).toBe(false);
  });

  it('writes the given config file, lets it shape the server and logs to the given file', async () => {
    const logFile = join(root, 'logs', 'nats.log');
    const sut = await startNatsServer({
      storeDir: join(root, 'store'),
      configText: 'max_payload: 4096\n',
      logFile,
    });
    running.push(sut);
    expect(readFileSync(join(root, 'store', 'nats-server.conf'), 'utf8')).toContain('4096');
    const nc = await connectTo(sut.url);
    expect(nc.info?.max_payload).toBe(4096);
    await nc.close();
    await sut.stop();
    expect(readFileSync(logFile, 'utf8')).toMatch(/Server is ready/);
  });

  it('fails with DEVSTACK_NATS_START_FAILED and the server log when the config is broken', async () => {
    const error = await startNatsServer({
      storeDir: join(root, 'store'),
      configText: 'jetstream { max_memory_store: "lots" ',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevstackError);
    expect((error as DevstackError).code).toBe('DEVSTACK_NATS_START_FAILED');
    expect((error as DevstackError).message).toMatch(/nats-server.conf/);
  });
});

describe('findNatsServer', () => {
  const saved = process.env['NATS_SERVER_BIN'];

  afterEach(() => {
    if (saved === undefined) {
      delete process.env['NATS_SERVER_BIN'];
    } else {
      process.env['NATS_SERVER_BIN'] = saved;
    }
  });

  it('finds the installed binary and reads its version', async () => {
    delete process.env['NATS_SERVER_BIN'];
    const bin = findNatsServer();
    expect(bin).toMatch(/nats-server$/);
    expect(await natsServerVersion(bin)).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('says how to install nats-server when NATS_SERVER_BIN points to a missing file', () => {
    process.env['NATS_SERVER_BIN'] = join(tmpdir(), `missing-${uniqueSuffix()}`, 'nats-server');
    let error: unknown;
    try {
      findNatsServer();
    } catch (e) {
      error = e;
    }
    expect((error as DevstackError).code).toBe('DEVSTACK_NATS_SERVER_MISSING');
    const message = (error as DevstackError).message;
    expect(message).toContain('NATS_SERVER_BIN=');
    expect(message).toContain('sudo apt-get install nats-server');
    expect(message).toContain('brew install nats-server');
    expect(message).toContain('docker run -p 4222:4222 nats:2.14 -js');
  });

  it('reports a binary that cannot tell its version', async () => {
    const error = await natsServerVersion('/bin/false').catch((e: unknown) => e);
    expect((error as DevstackError).code).toBe('DEVSTACK_NATS_VERSION_FAILED');
  });
});
