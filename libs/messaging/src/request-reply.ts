import { randomUUID } from 'node:crypto';
import {
  NoRespondersError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/nats-core';
import {
  SpanKind,
  createLogger,
  extractTraceContext,
  injectTraceContext,
  withSpan,
  type Context,
  type Logger,
} from '@lienthong/telemetry';
import { fromNatsHeaders, toNatsHeaders, type HeaderRecord } from './headers';
import { MessagingError } from './messaging.errors';

/** Bytes and header hints of one message; the bytes are the signed envelope. */
export interface BusMessage {
  readonly data: Uint8Array;
  readonly headers: HeaderRecord;
}

/** A request as a responder sees it. */
export interface BusRequest extends BusMessage {
  readonly subject: string;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/** Adds `traceparent`/`tracestate` of the active span to the given headers. */
export function withTraceHeaders(headers: HeaderRecord | undefined): Record<string, string> {
  const result: Record<string, string> = { ...headers };
  injectTraceContext({ set: (key, value) => (result[key] = value) });
  return result;
}

/** Reads the trace context a sender put in the headers. */
export function traceParentOf(headers: HeaderRecord): Context {
  return extractTraceContext({ get: (key) => headers[key] });
}

function requestError(error: unknown, subject: string, timeoutMs: number): unknown {
  const cause = error instanceof RequestError && error.cause ? error.cause : error;
  if (
    cause instanceof NoRespondersError ||
    (error instanceof RequestError && error.isNoResponders())
  ) {
    return new MessagingError('BUS_NO_RESPONDERS', `no responder on ${subject}`, {
      cause: error,
      details: { subject },
    });
  }
  if (cause instanceof TimeoutError) {
    return new MessagingError('BUS_TIMEOUT', `no reply on ${subject} within ${timeoutMs} ms`, {
      cause: error,
      details: { subject, timeoutMs },
    });
  }
  if (cause instanceof PermissionViolationError) {
    return new MessagingError('BUS_PERMISSION_DENIED', `not allowed to request ${subject}`, {
      cause: error,
      details: { subject },
    });
  }
  return error;
}

/**
 * Core request-reply with a deadline. No responder → BUS_NO_RESPONDERS (retryable), no reply in
 * time → BUS_TIMEOUT. The active trace context travels in the request headers.
 */
export function requestBytes(
  nc: NatsConnection,
  subject: string,
  message: { data: Uint8Array; headers?: HeaderRecord },
  options: { timeoutMs?: number } = {},
): Promise<BusMessage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return withSpan(
    `send ${subject}`,
    { kind: SpanKind.PRODUCER, attributes: messagingAttributes(subject) },
    async () => {
      try {
        const reply = await nc.request(subject, message.data, {
          timeout: timeoutMs,
          headers: toNatsHeaders(withTraceHeaders(message.headers)),
        });
        return { data: reply.data, headers: fromNatsHeaders(reply.headers) };
      } catch (error) {
        throw requestError(error, subject, timeoutMs);
      }
    },
  );
}

/** Options of {@link serveRequests}. */
export interface ServeRequestsOptions {
  readonly subject: string;
  /** Queue group, from `lookupQueueGroup(member, subsystem)`, so replicas share the load. */
  readonly queue: string;
  /**
   * Returns the reply; expected outcomes and coded errors are replies, not throws. `undefined`
   * sends no reply at all: a request whose sender cannot be read gets none (docs/protocol.md §5),
   * since every reply on the bus is signed and a signed reply needs an addressee.
   */
  readonly handler: (request: BusRequest) => Promise<BusMessage | undefined>;
  /** Requests handled at once; default 16. Further requests wait in the subscription. */
  readonly maxConcurrent?: number;
  readonly logger?: Logger;
}

/** A running responder. */
export interface RequestServer {
  /** Stops taking requests, finishes those in flight. */
  stop(): Promise<void>;
}

function messagingAttributes(subject: string, queue?: string) {
  return {
    'messaging.system': 'nats',
    'messaging.destination.name': subject,
    ...(queue ? { 'messaging.consumer.group.name': queue } : {}),
  };
}

/**
 * Serves requests on a subject in a queue group. Each request runs in a CONSUMER span child of
 * the caller's trace. A handler that throws does not end the subscription: the error is logged
 * with an error id and the caller gets no reply (nothing unsigned is ever sent; its request times
 * out), as for a handler that answers `undefined`.
 */
export function serveRequests(nc: NatsConnection, options: ServeRequestsOptions): RequestServer {
  const logger = options.logger ?? createLogger({ name: 'messaging' });
  const limit = Math.max(1, options.maxConcurrent ?? 16);
  const subscription = nc.subscribe(options.subject, { queue: options.queue });
  const inFlight = new Set<Promise<void>>();

  const loop = (async () => {
    for await (const msg of subscription) {
      if (inFlight.size >= limit) {
        await Promise.race(inFlight);
      }
      const task = handleRequest(msg, options, logger).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
  })();

  return {
    async stop() {
      await drainSubscription(subscription);
      await loop;
      await Promise.all(inFlight);
    },
  };
}

async function drainSubscription(subscription: Subscription): Promise<void> {
  if (!subscription.isClosed() && !subscription.isDraining()) {
    await subscription.drain();
  }
}

async function handleRequest(
  msg: Msg,
  options: ServeRequestsOptions,
  logger: Logger,
): Promise<void> {
  const headers = fromNatsHeaders(msg.headers);
  await withSpan(
    `process ${msg.subject}`,
    {
      kind: SpanKind.CONSUMER,
      parent: traceParentOf(headers),
      attributes: messagingAttributes(msg.subject, options.queue),
    },
    async () => {
      let reply: BusMessage | undefined;
      try {
        reply = await options.handler({ subject: msg.subject, data: msg.data, headers });
      } catch (error) {
        const errorId = randomUUID();
        logger.error({ err: error, errorId, subject: msg.subject }, 'request handler threw');
        return;
      }
      if (reply === undefined) {
        return;
      }
      if (!msg.reply) {
        logger.warn({ subject: msg.subject }, 'request without reply subject, reply dropped');
        return;
      }
      msg.respond(reply.data, { headers: toNatsHeaders(reply.headers) });
    },
  );
}
