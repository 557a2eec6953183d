import { Client } from 'pg';
import { seal } from '@lienthong/envelope';
import {
  ensureDurableConsumer,
  jetstream,
  jetstreamManager,
  type NatsConnection,
} from '@lienthong/messaging';
import type { Signer } from '@lienthong/pki';
import { birthPayload } from './events-bench.agency';

/** What the ceiling reached: the same work as the bus path, minus the framework. */
export interface CeilingResult {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

const BATCH = 100;
const IN_FLIGHT = 256;

/**
 * The ceiling: seal (sign) each event, publish to JetStream with 256 in flight, consume with a
 * pull consumer, one PostgreSQL row per event inserted in batches of 100 per commit, ack after
 * the commit. No verification, no inbox, no audit: what the design cannot beat on this machine.
 */
export async function measureCeiling(input: {
  nc: NatsConnection;
  signer: Signer;
  stream: string;
  subject: string;
  databaseUrl: string;
  schema: string;
  events: number;
}): Promise<CeilingResult> {
  const pg = new Client({ connectionString: input.databaseUrl });
  await pg.connect();
  await pg.query(`CREATE TABLE ${input.schema}.ceiling (seq bigint NOT NULL, body bytea NOT NULL)`);
  const jsm = await jetstreamManager(input.nc);
  await ensureDurableConsumer(jsm, input.stream, {
    name: 'ceiling',
    filterSubject: input.subject,
    maxAckPending: 1024,
  });
  const js = jetstream(input.nc);
  const started = performance.now();
  const publishing = publishAll(js, input);
  const consumer = await js.consumers.get(input.stream, 'ceiling');
  const messages = await consumer.consume({ max_messages: 512 });
  let done = 0;
  let batch: { id: number; data: Uint8Array; ack: () => void }[] = [];
  for await (const msg of messages) {
    batch.push({
      id: msg.seq,
      data: msg.data,
      ack: () => msg.ack(),
    });
    if (
      batch.length >= BATCH ||
      done + batch.length >= input.events ||
      messages.getPending() === 0
    ) {
      await insertBatch(pg, input.schema, batch);
      batch.forEach((m) => m.ack());
      done += batch.length;
      batch = [];
      if (done >= input.events) {
        break;
      }
    }
  }
  await publishing;
  const seconds = (performance.now() - started) / 1000;
  await messages.close();
  await pg.end();
  return { events: done, seconds, eventsPerSecond: done / seconds };
}

async function publishAll(
  js: ReturnType<typeof jetstream>,
  input: { signer: Signer; subject: string; events: number },
): Promise<void> {
  for (let sent = 0; sent < input.events; sent += IN_FLIGHT) {
    const round = Math.min(IN_FLIGHT, input.events - sent);
    await Promise.all(
      Array.from({ length: round }, () => {
        const sealed = seal(
          {
            type: 'urn:lienthong:events:birth-registered:1',
            recipient: input.signer.identity,
            payload: birthPayload(),
          },
          input.signer,
        );
        return js.publish(input.subject, sealed.bytes, { msgID: sealed.body.id });
      }),
    );
  }
}

async function insertBatch(
  pg: Client,
  schema: string,
  batch: readonly { id: number; data: Uint8Array }[],
): Promise<void> {
  const values = batch.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`).join(', ');
  await pg.query(
    `INSERT INTO ${schema}.ceiling (seq, body) VALUES ${values}`,
    batch.flatMap((m) => [m.id, Buffer.from(m.data)]),
  );
}
