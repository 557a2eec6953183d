// real: nats-server (TEST_NATS_URL), JetStream, the nats.js client; a TCP relay between them that
// this spec can silence and cut, as a network fault would. mock: nothing.
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  connectBus,
  eventSubject,
  jetstream,
  publishDurable,
  streamName,
  type JetStreamManager,
} from '@lienthong/messaging';
import {
  openTestStreams,
  testNatsConnection,
  testNatsUrl,
  type TestStreams,
} from '@lienthong/testing';

/** A TCP relay to nats-server: `silence` drops what clients send, `cut` closes their sockets. */
class FaultyLink {
  private readonly sockets = new Set<Socket>();
  private silent = false;

  private constructor(private readonly server: Server) {}

  static async start(target: URL): Promise<FaultyLink> {
    const link: FaultyLink = new FaultyLink(
      createServer((client) => {
        const upstream = connectTcp(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          link.sockets.add(socket);
          socket.on('close', () => link.sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.on('data', (chunk) => {
          if (!link.silent) {
            upstream.write(chunk);
          }
        });
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      }),
    );
    await new Promise<void>((resolve) => link.server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  get url(): string {
    const address = this.server.address();
    return `nats://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** What clients send from now on never reaches the server (and no answer comes back). */
  silence(): void {
    this.silent = true;
  }

  /** Closes every connection; new ones are relayed normally. */
  cut(): void {
    this.silent = false;
    for (const socket of this.sockets) {
      socket.destroy();
    }
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('publishDurable across a lost connection', () => {
  let bus: TestStreams;
  let ns: TestStreams['ns'];
  let jsm: JetStreamManager;

  beforeAll(async () => {
    bus = await openTestStreams('durable-publish-spec');
    ({ ns, jsm } = bus);
  });

  afterAll(async () => {
    await bus.close();
  });

  it('publishes again as soon as the client is back, not when the lost request times out', async () => {
    const link = await FaultyLink.start(new URL(testNatsUrl()));
    const nc = await connectBus({
      ...testNatsConnection(),
      servers: link.url,
      name: 'durable-publish-spec-link',
    });
    try {
      const js = jetstream(nc);
      const subject = eventSubject(ns, 'POP', 'connection-lost');
      await publishDurable(js, subject, { data: bytes('before'), msgId: 'before-1' });

      link.silence();
      const started = performance.now();
      const publishing = publishDurable(
        js,
        subject,
        { data: bytes('lost'), msgId: 'lost-1' },
        { timeoutMs: 30_000 },
      );
      await sleep(300);
      // the request went nowhere; the socket closes and the client reconnects through the link
      link.cut();
      const ack = await publishing;

      // the client waits its reconnect time (2 s by default) first; the request's timeout is 30 s
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(ack.duplicate).toBe(false);
      const info = await jsm.streams.info(streamName(ns, 'EVENTS'), { subjects_filter: subject });
      expect(info.state.subjects?.[subject]).toBe(2);
    } finally {
      await nc.close();
      await link.stop();
    }
  });
});
