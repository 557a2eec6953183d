// real: nats-server (TEST_NATS_URL), JetStream, a durable pull consumer. mock: nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  consumeDurable,
  ensureDurableConsumer,
  eventSubject,
  jetstream,
  publishDurable,
  streamName,
  type DurableConsumption,
  type DurableMessage,
  type JetStreamManager,
  type NatsConnection,
} from '@lienthong/messaging';
import { eventually, openTestStreams, type TestStreams } from '@lienthong/testing';

describe('consumeDurable: messages in hand longer than ack_wait', () => {
  let bus: TestStreams;
  let ns: TestStreams['ns'];
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    bus = await openTestStreams('durable-consume-spec');
    ({ ns, nc, jsm } = bus);
  });

  afterAll(async () => {
    await bus.close();
  });

  /** Publishes one event on its own consumer and consumes it with `handler`, 4 at a time. */
  async function consumeOne(
    name: string,
    ackWaitMs: number,
    handler: (message: DurableMessage) => Promise<void>,
  ): Promise<DurableConsumption> {
    const subject = eventSubject(ns, 'POP', `${name}-handler`);
    await ensureDurableConsumer(jsm, streamName(ns, 'EVENTS'), {
      name,
      filterSubject: subject,
      ackWaitMs,
      maxDeliver: 5,
    });
    const js = jetstream(nc);
    await publishDurable(js, subject, {
      data: new TextEncoder().encode(name),
      msgId: `${name}-1`,
    });
    return consumeDurable(js, {
      stream: streamName(ns, 'EVENTS'),
      consumer: name,
      deadLetter: { namespace: ns, member: 'POP' },
      concurrency: 4,
      handler,
    });
  }

  it('keeps a message that waits in hand past ack_wait from being delivered again', async () => {
    const deliveries: number[] = [];
    const consumption = await consumeOne('slow', 1_500, async (message) => {
      deliveries.push(message.deliveryCount);
      // more than twice ack_wait: the server would have delivered it again meanwhile
      await sleep(3_500);
    });
    try {
      await sleep(5_000);
      expect(deliveries).toEqual([1]);
      const info = await jsm.consumers.info(streamName(ns, 'EVENTS'), 'slow');
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_redelivered).toBe(0);
    } finally {
      await consumption.stop();
    }
  });

  it('lets a message stuck in hand for four times ack_wait expire and come again', async () => {
    const deliveries: { count: number; at: number }[] = [];
    const consumption = await consumeOne('stuck', 1_000, async (message) => {
      deliveries.push({ count: message.deliveryCount, at: Date.now() });
      if (message.deliveryCount === 1) {
        await sleep(7_000);
      }
    });
    try {
      // kept alive for about four seconds, then left to expire and delivered again; a loaded
      // machine can only make the second delivery later, so its lower bound is what is asserted
      await eventually(() => expect(deliveries.map((d) => d.count)).toEqual([1, 2]));
      const [first, second] = deliveries;
      expect(second.at - first.at).toBeGreaterThanOrEqual(3_000);
    } finally {
      await consumption.stop();
    }
  });
});
