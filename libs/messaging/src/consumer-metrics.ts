import type { ConsumerInfo } from '@nats-io/jetstream';
import { labelledChildren, metrics } from '@lienthong/telemetry';

const pending = metrics.gauge<'stream' | 'consumer'>({
  name: 'lienthong_consumer_pending_messages',
  help: 'Messages of its stream a durable consumer of this process has not delivered yet (its lag), read from the server at scrape time',
  labelNames: ['stream', 'consumer'],
});
const ackPending = metrics.gauge<'stream' | 'consumer'>({
  name: 'lienthong_consumer_ack_pending_messages',
  help: 'Messages a durable consumer of this process delivered and has not acknowledged yet',
  labelNames: ['stream', 'consumer'],
});
const redelivered = metrics.gauge<'stream' | 'consumer'>({
  name: 'lienthong_consumer_redelivered_messages',
  help: 'Messages a durable consumer of this process delivered more than once and has not acknowledged yet',
  labelNames: ['stream', 'consumer'],
});
const stalls = metrics.counter<'stream' | 'consumer'>({
  name: 'lienthong_consumer_stalls_total',
  help: 'Times a durable consumer of this process stopped hearing from its leader (missed heartbeats, consumer or stream not found, no JetStream)',
  labelNames: ['stream', 'consumer'],
});
const stallOf = labelledChildren(stalls);

/** Counts the start of a stall of `consumer`. */
export function countStall(stream: string, consumer: string): void {
  stallOf(stream, consumer).inc();
}

/** Consumptions of each watched consumer in this process (workers pulling from one durable). */
const watched = new Map<string, { users: number; stop: () => void }>();

/**
 * Reads a running consumer's state from the server before each scrape (one consumer-info request
 * per durable, however many workers pull from it; the consumer's own NATS user may make it);
 * returns the function that ends this watch, and with the last one removes its series.
 */
export function watchConsumerLag(
  stream: string,
  consumer: string,
  info: () => Promise<ConsumerInfo>,
): () => void {
  const key = `${stream}\u0000${consumer}`;
  let watch = watched.get(key);
  if (watch === undefined) {
    const stop = metrics.onScrape('consumer-lag', async () => {
      const state = await info();
      pending.labels(stream, consumer).set(state.num_pending);
      ackPending.labels(stream, consumer).set(state.num_ack_pending);
      redelivered.labels(stream, consumer).set(state.num_redelivered);
    });
    watch = { users: 0, stop };
    watched.set(key, watch);
  }
  watch.users += 1;
  let ended = false;
  return () => {
    if (ended || watch === undefined) {
      return;
    }
    ended = true;
    watch.users -= 1;
    if (watch.users === 0) {
      watched.delete(key);
      watch.stop();
      for (const gauge of [pending, ackPending, redelivered]) {
        gauge.remove(stream, consumer);
      }
    }
  };
}
