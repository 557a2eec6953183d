import type { Msg } from '@nats-io/nats-core';
import { connectBus, drainBus, type NatsConnection } from '@lienthong/messaging';
import { testNatsConnection, uniqueSuffix } from '@lienthong/testing';
import { COALESCE_FLUSH_BYTES } from './coalescing-transport';

// Real: nats-server. The bus connection writes a turn's frames at its end (coalescing-transport.ts).
describe('coalesced writes', () => {
  let publisher: NatsConnection;
  let reader: NatsConnection;

  beforeAll(async () => {
    [publisher, reader] = await Promise.all([
      connectBus({ ...testNatsConnection(), name: 'coalescing-publisher' }),
      connectBus({ ...testNatsConnection(), name: 'coalescing-reader' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([drainBus(publisher), drainBus(reader)]);
  });

  /** Subscribes on `reader` and resolves with the first `count` payload sizes and first bytes. */
  function receive(subject: string, count: number): Promise<[number, number][]> {
    const got: [number, number][] = [];
    return new Promise((resolve) => {
      reader.subscribe(subject, {
        callback: (_error, msg: Msg) => {
          got.push([msg.data.length, msg.data[0] ?? -1]);
          if (got.length === count) {
            resolve(got);
          }
        },
      });
    });
  }

  it('keeps the order of small and large publishes made in one turn', async () => {
    const subject = `coalescing.order.${uniqueSuffix()}`;
    const sizes = [10, COALESCE_FLUSH_BYTES * 2, 3, 20_000, COALESCE_FLUSH_BYTES, 1];
    const received = receive(subject, sizes.length);
    await reader.flush();
    sizes.forEach((size, i) => publisher.publish(subject, new Uint8Array(size).fill(i)));
    expect(await received).toEqual(sizes.map((size, i) => [size, i]));
  });

  it('writes what is pending before a drain closes the connection', async () => {
    const subject = `coalescing.close.${uniqueSuffix()}`;
    const received = receive(subject, 3);
    await reader.flush();
    const closing = await connectBus({ ...testNatsConnection(), name: 'coalescing-closing' });
    [1, 2, 3].forEach((n) => closing.publish(subject, new Uint8Array([n])));
    await drainBus(closing);
    expect(await received).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
  });
});
