import { setTimeout as sleep } from 'node:timers/promises';
import {
  NoRespondersError,
  RequestError,
  TimeoutError,
  type NatsConnection,
} from '@nats-io/nats-core';
import { JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { SpanKind, withSpan } from '@lienthong/telemetry';
import { toNatsHeaders, type HeaderRecord } from './headers';
import { MessagingError } from './messaging.errors';
import { withTraceHeaders } from './request-reply';

/** A message for a JetStream stream; `msgId` (the envelope id) makes the publish idempotent. */
export interface DurableOutgoing {
  readonly data: Uint8Array;
  readonly headers?: HeaderRecord;
  readonly msgId: string;
}

/** Options of {@link publishDurable}. */
export interface PublishDurableOptions {
  /** Refuse the publish unless the subject is captured by this stream. */
  readonly expectStream?: string;
  /** Wait for each stored-ack; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Attempts for transient failures (timeout, no responders, 503); default 4. */
  readonly attempts?: number;
}

/** The stored-ack: stream sequence, and whether the id was seen within the duplicate window. */
export interface DurablePublishAck {
  readonly stream: string;
  readonly seq: number;
  readonly duplicate: boolean;
}

const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2000;

/**
 * The connection dropped while a publish waited for its stored-ack, or stayed down for the whole
 * attempt: the request or its answer is gone with the socket (nats.js discards what it buffered
 * while disconnected when it reconnects), so waiting out the timeout would only delay the retry.
 */
class ConnectionLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionLostError';
  }
}

/** What the client last said about its connection, and who waits on it. */
interface ConnectionWatch {
  connected: boolean;
  /** Settles at the next reconnection. */
  reconnected: Promise<void>;
  /** Publishes waiting for their stored-ack: failed at once by a disconnection. */
  readonly inFlight: Set<(error: Error) => void>;
}

const watches = new WeakMap<NatsConnection, ConnectionWatch>();

/**
 * The watch of the JetStream client's connection (started once, for as long as it lives);
 * undefined when the client hides its connection.
 */
function connectionWatch(js: JetStreamClient): ConnectionWatch | undefined {
  const nc = (js as { nc?: NatsConnection }).nc;
  if (!nc || typeof nc.status !== 'function') {
    return undefined;
  }
  let watch = watches.get(nc);
  if (!watch) {
    let settle = () => {};
    const next = () => new Promise<void>((resolve) => (settle = resolve));
    const current: ConnectionWatch = { connected: true, reconnected: next(), inFlight: new Set() };
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') {
          current.connected = false;
          const lost = new ConnectionLostError(
            'the connection to NATS was lost while waiting for the stored-ack',
          );
          current.inFlight.forEach((fail) => fail(lost));
          current.inFlight.clear();
        } else if (status.type === 'reconnect') {
          current.connected = true;
          const reconnected = settle;
          current.reconnected = next();
          reconnected();
        }
      }
    })();
    watch = current;
    watches.set(nc, watch);
  }
  return watch;
}

/**
 * One publish attempt: while the client is disconnected it first waits (at most `timeoutMs`) for
 * it to reconnect, since what it sends meanwhile is dropped; then it fails as soon as the
 * connection drops before the stored-ack.
 */
async function attemptPublish<T>(
  js: JetStreamClient,
  timeoutMs: number,
  publish: () => Promise<T>,
): Promise<T> {
  const watch = connectionWatch(js);
  if (!watch) {
    return publish();
  }
  if (!watch.connected) {
    const wait = new AbortController();
    const back = await Promise.race([
      watch.reconnected.then(() => true),
      // aborted once the race is decided (the rejection then goes nowhere)
      sleep(timeoutMs, false, { signal: wait.signal }).catch(() => false),
    ]);
    wait.abort();
    if (!back) {
      throw new ConnectionLostError(`no connection to NATS for ${timeoutMs} ms`);
    }
  }
  return new Promise<T>((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    watch.inFlight.add(fail);
    // an abandoned request still times out later: settling twice is a no-op
    publish()
      .then(resolve, reject)
      .finally(() => watch.inFlight.delete(fail));
  });
}

function isTransient(error: unknown, depth = 0): boolean {
  if (error instanceof ConnectionLostError) {
    return true;
  }
  // nats.js reports a stream without a leader (one being elected after a node was lost) as
  // "jetstream is not enabled", caused by no responders: the same outage, not a refusal
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (depth < 3 && cause !== undefined && cause !== error && isTransient(cause, depth + 1)) {
    return true;
  }
  if (error instanceof JetStreamApiError) {
    return error.status === 503;
  }
  if (error instanceof RequestError) {
    return error.isNoResponders() || error.cause instanceof TimeoutError;
  }
  return error instanceof TimeoutError || error instanceof NoRespondersError;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Publishes to a stream and waits for the stored-ack, with `Nats-Msg-Id` set so that a retry
 * (ours, or the outbox's after a crash) is stored once. Transient failures are retried with
 * bounded exponential backoff; then BUS_PUBLISH_FAILED (retryable). A refusal by the stream
 * (wrong stream, too large, stream full) is BUS_PUBLISH_REJECTED. A publish whose connection
 * drops before its ack is retried at once (the client holds it until it has reconnected) instead
 * of waiting out its timeout, and a publish while the client is disconnected waits for it to be
 * back (nats.js drops what it buffered meanwhile): after a nats-server restart, publications
 * resume as soon as the client has reconnected, not when their requests time out.
 */
export function publishDurable(
  js: JetStreamClient,
  subject: string,
  message: DurableOutgoing,
  options: PublishDurableOptions = {},
): Promise<DurablePublishAck> {
  const attempts = Math.max(1, options.attempts ?? 4);
  return withSpan(
    `send ${subject}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': subject,
        'messaging.message.id': message.msgId,
      },
    },
    async (span) => {
      const headers = toNatsHeaders(withTraceHeaders(message.headers));
      for (let attempt = 1; ; attempt++) {
        try {
          const timeout = options.timeoutMs ?? 5000;
          const ack = await attemptPublish(js, timeout, () =>
            js.publish(subject, message.data, {
              msgID: message.msgId,
              timeout,
              ...(headers ? { headers } : {}),
              ...(options.expectStream ? { expect: { streamName: options.expectStream } } : {}),
            }),
          );
          span.setAttributes({ 'nats.stream': ack.stream, 'nats.sequence': ack.seq });
          return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
        } catch (error) {
          if (!isTransient(error)) {
            throw new MessagingError(
              'BUS_PUBLISH_REJECTED',
              `JetStream refused ${subject}: ${describe(error)}`,
              { cause: error, details: { subject, msgId: message.msgId } },
            );
          }
          if (attempt >= attempts) {
            throw new MessagingError(
              'BUS_PUBLISH_FAILED',
              `no stored-ack for ${subject} after ${attempts} attempts: ${describe(error)}`,
              { cause: error, details: { subject, msgId: message.msgId } },
            );
          }
          await sleep(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 4 ** (attempt - 1)));
        }
      }
    },
  );
}
