import { nanos } from '@nats-io/nats-core';
import {
  LT_DLQ_REASON,
  LT_DLQ_SEQ,
  LT_DLQ_SUBJECT,
  LT_ERROR_CODE,
  MessagingError,
  STREAM_KINDS,
  connectBus,
  consumeDurable,
  drainBus,
  dlqWildcard,
  ensureConfigBucket,
  ensureDurableConsumer,
  ensureStreams,
  eventSubject,
  jetstream,
  jetstreamManager,
  publishDurable,
  streamName,
  type DurableConsumption,
  type DurableMessage,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from '@lienthong/messaging';
import { eventually, testNamespace, testNatsConnection } from '@lienthong/testing';
import { SpanKind, currentTraceId, startTelemetry, withSpan } from '@lienthong/telemetry';
import { CommonError } from '@lienthong/errors';
import { putConfiguration, watchConfiguration } from '@lienthong/trust';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('JetStream', () => {
  const ns = testNamespace();
  const stopTelemetry = startTelemetry({ serviceName: 'jetstream-int', exporter: 'none' });
  const events = streamName(ns, 'EVENTS');
  const dlq = streamName(ns, 'DLQ');
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  const running: DurableConsumption[] = [];
  let consumerCount = 0;

  async function consumerFor(eventType: string, maxDeliver = 3): Promise<string> {
    consumerCount += 1;
    const name = `C${consumerCount}`;
    await ensureDurableConsumer(jsm, events, {
      name,
      filterSubject: eventSubject(ns, 'POP', eventType),
      maxDeliver,
      backoffMs: [50, 50],
      ackWaitMs: 5000,
    });
    return name;
  }

  async function consume(
    consumer: string,
    handler: (m: DurableMessage) => Promise<void>,
  ): Promise<void> {
    running.push(
      await consumeDurable(js, {
        stream: events,
        consumer,
        handler,
        deadLetter: { namespace: ns, member: 'CIV' },
      }),
    );
  }

  beforeAll(async () => {
    nc = await connectBus({ ...testNatsConnection(), name: 'jetstream-spec' });
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, ns, { replicas: 1 });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    for (const kind of STREAM_KINDS) {
      await jsm.streams.delete(streamName(ns, kind));
    }
    await jsm.streams.delete(`KV_${ns.streamPrefix}_CONFIG`).catch(() => false);
    await drainBus(nc);
    await stopTelemetry();
  });

  it('creates streams that refuse delete and purge, idempotently', async () => {
    await ensureStreams(jsm, ns, { replicas: 1 });
    const info = await jsm.streams.info(events);
    expect(info.config).toMatchObject({ deny_delete: true, deny_purge: true, discard: 'new' });
    await expect(jsm.streams.purge(events)).rejects.toThrow(/purge/i);
  });

  it('keeps the limits an operator set on an existing stream and restores the protections', async () => {
    const current = (await jsm.streams.info(dlq)).config;
    const maxAge = nanos(90 * 24 * 3600 * 1000);
    await jsm.streams.update(dlq, { ...current, max_bytes: 64 * 1024 * 1024, max_age: maxAge });
    await ensureStreams(jsm, ns, { replicas: 1, maxBytes: 1024 });
    const after = (await jsm.streams.info(dlq)).config;
    expect(after).toMatchObject({ max_bytes: 64 * 1024 * 1024, max_age: maxAge, num_replicas: 1 });
  });

  it('stores a message once when the same Nats-Msg-Id is published twice', async () => {
    const subject = eventSubject(ns, 'POP', 'dedup-checked');
    const first = await publishDurable(js, subject, { data: bytes('a'), msgId: 'id-1' });
    const second = await publishDurable(js, subject, { data: bytes('a'), msgId: 'id-1' });
    expect(first.duplicate).toBe(false);
    expect(second).toMatchObject({ duplicate: true, seq: first.seq });
    const state = await jsm.streams.info(events, { subjects_filter: subject });
    expect(state.state.subjects?.[subject]).toBe(1);
  });

  it('refuses a publish outside the expected stream', async () => {
    const subject = eventSubject(ns, 'POP', 'wrong-stream');
    await expect(
      publishDurable(js, subject, { data: bytes('a'), msgId: 'w-1' }, { expectStream: dlq }),
    ).rejects.toMatchObject({ code: 'BUS_PUBLISH_REJECTED' });
  });

  it('acks what the handler accepts and carries the trace id across the stream', async () => {
    const consumer = await consumerFor('birth-registered');
    const seen: { body: string; traceId?: string }[] = [];
    await consume(consumer, (m) => {
      seen.push({ body: text(m.data), traceId: currentTraceId() });
      return Promise.resolve();
    });
    const producerTraceId = await withSpan('outbox', { kind: SpanKind.INTERNAL }, async () => {
      await publishDurable(js, eventSubject(ns, 'POP', 'birth-registered'), {
        data: bytes('baby'),
        msgId: 'b-1',
      });
      return currentTraceId();
    });
    await eventually(() => expect(seen).toEqual([{ body: 'baby', traceId: producerTraceId }]));
    await eventually(async () =>
      expect((await jsm.consumers.info(events, consumer)).num_ack_pending).toBe(0),
    );
    expect((await jsm.consumers.info(events, consumer)).delivered.consumer_seq).toBe(1);
  });

  it('redelivers after a retryable failure', async () => {
    const consumer = await consumerFor('death-registered');
    const deliveries: number[] = [];
    await consume(consumer, (m) => {
      deliveries.push(m.deliveryCount);
      return m.deliveryCount === 1
        ? Promise.reject(new Error('a fault of the handler'))
        : Promise.resolve();
    });
    await publishDurable(js, eventSubject(ns, 'POP', 'death-registered'), {
      data: bytes('x'),
      msgId: 'd-1',
    });
    // a machine loaded past the consumer's ack wait may deliver once more: the order is the point
    await eventually(() => expect(deliveries.slice(0, 2)).toEqual([1, 2]));
    await eventually(async () =>
      expect((await jsm.consumers.info(events, consumer)).num_ack_pending).toBe(0),
    );
  });

  it('holds a message through an outage without spending its deliveries', async () => {
    // one delivery allowed: a redelivery would dead-letter it, a hold must not
    const consumer = await consumerFor('residence-registered', 1);
    const attempts: number[] = [];
    await consume(consumer, (m) => {
      attempts.push(m.deliveryCount);
      return attempts.length <= 3
        ? Promise.reject(new CommonError('DEPENDENCY_UNAVAILABLE', 'registry db down'))
        : Promise.resolve();
    });
    await publishDurable(js, eventSubject(ns, 'POP', 'residence-registered'), {
      data: bytes('x'),
      msgId: 'r-1',
    });
    await eventually(() => expect(attempts).toEqual([1, 1, 1, 1]));
    await eventually(async () => {
      const info = await jsm.consumers.info(events, consumer);
      expect(info.num_ack_pending + info.num_redelivered + info.num_pending).toBe(0);
    });
    const dlqState = await jsm.streams.info(dlq, {
      subjects_filter: dlqWildcard(ns, 'CIV').replace(/\*$/, 'BUS_MAX_DELIVER_EXCEEDED'),
    });
    expect(dlqState.state.subjects ?? {}).toEqual({});
  });

  it('dead-letters a permanent failure with the reason, and terminates it', async () => {
    const consumer = await consumerFor('marriage-registered');
    const poisoned: string[] = [];
    running.push(
      await consumeDurable(js, {
        stream: events,
        consumer,
        handler: () => Promise.reject(new CommonError('REQUEST_INVALID', 'signature mismatch')),
        deadLetter: { namespace: ns, member: 'CIV' },
        onPoison: (report) => {
          poisoned.push(report.dlqSubject);
        },
      }),
    );
    const subject = eventSubject(ns, 'POP', 'marriage-registered');
    const { seq } = await publishDurable(js, subject, {
      data: bytes('bad'),
      headers: { 'Lt-Type': 'urn:t:1' },
      msgId: 'm-1',
    });
    await eventually(() => expect(poisoned).toHaveLength(1));
    const letter = await lastDeadLetter('REQUEST_INVALID');
    expect(text(letter.data)).toBe('bad');
    expect(letter.headers).toMatchObject({
      [LT_ERROR_CODE]: 'REQUEST_INVALID',
      [LT_DLQ_REASON]: 'signature mismatch',
      [LT_DLQ_SUBJECT]: subject,
      [LT_DLQ_SEQ]: String(seq),
      'Lt-Type': 'urn:t:1',
    });
    const info = await jsm.consumers.info(events, consumer);
    expect(info.num_ack_pending + info.num_redelivered).toBe(0);
  });

  it('dead-letters a message that fails on every allowed delivery', async () => {
    const consumer = await consumerFor('adoption-registered', 2);
    const deliveries: number[] = [];
    await consume(consumer, (m) => {
      deliveries.push(m.deliveryCount);
      return Promise.reject(new Error('always broken'));
    });
    await publishDurable(js, eventSubject(ns, 'POP', 'adoption-registered'), {
      data: bytes('x'),
      msgId: 'a-1',
    });
    const letter = await eventually(() => lastDeadLetter('BUS_MAX_DELIVER_EXCEEDED'));
    expect(deliveries).toEqual([1, 2]);
    expect(letter.headers[LT_DLQ_REASON]).toContain('INTERNAL_ERROR');
  });

  async function lastDeadLetter(
    code: string,
  ): Promise<{ data: Uint8Array; headers: Record<string, string> }> {
    const subject = dlqWildcard(ns, 'CIV').replace(/\*$/, code);
    const stored = await jsm.streams.getMessage(dlq, { last_by_subj: subject });
    if (!stored) {
      throw new MessagingError('BUS_TIMEOUT', `no dead letter on ${subject} yet`);
    }
    const headers: Record<string, string> = {};
    for (const [name, values] of stored.header) {
      headers[name] = values.at(-1) ?? '';
    }
    return { data: stored.data, headers };
  }

  it('lets a KV watch see the current value and every update', async () => {
    const kv = await ensureConfigBucket(js, ns);
    await putConfiguration(kv, 'global', bytes('v1'));
    const seen: string[] = [];
    const errors: unknown[] = [];
    const stop = await watchConfiguration(
      kv,
      'global',
      (value) => {
        seen.push(text(value.value));
      },
      (error) => errors.push(error),
    );
    await eventually(() => expect(seen).toEqual(['v1']));
    await putConfiguration(kv, 'global', bytes('v2'));
    await eventually(() => expect(seen).toEqual(['v1', 'v2']));
    stop();
    expect(errors).toEqual([]);
  });
});
