import { setTimeout as sleep } from 'node:timers/promises';
import type { MsgHdrs } from '@nats-io/nats-core';
import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { toAppError, type AppError } from '@lienthong/errors';
import { SpanKind, createLogger, withSpan, type Logger } from '@lienthong/telemetry';
import { countStall, watchConsumerLag } from './consumer-metrics';
import { publishDurable } from './durable-publish';
import {
  LT_DLQ_CONSUMER,
  LT_DLQ_DELIVERIES,
  LT_DLQ_REASON,
  LT_DLQ_RECORD,
  LT_DLQ_SEQ,
  LT_DLQ_STREAM,
  LT_DLQ_SUBJECT,
  LT_ERROR_CODE,
  fromNatsHeaders,
  type HeaderRecord,
} from './headers';
import { MessagingError } from './messaging.errors';
import { traceParentOf } from './request-reply';
import { dlqSubject, streamName, type BusNamespace } from './subjects';

/** One stored message as a handler sees it (never the client's JsMsg). */
export interface DurableMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: HeaderRecord;
  /** Stream sequence. */
  readonly seq: number;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  /** When the stream stored the message. */
  readonly timestamp: Date;
}

/** Why a message was dead-lettered, reported to `onPoison`. */
export interface PoisonReport {
  readonly message: DurableMessage;
  readonly error: AppError;
  /** The DLQ subject the message was copied to. */
  readonly dlqSubject: string;
}

/** Options of {@link consumeDurable}. */
export interface ConsumeDurableOptions {
  readonly stream: string;
  /** Durable consumer made with `ensureDurableConsumer`. */
  readonly consumer: string;
  /**
   * Throw a retryable AppError to retry later, a non-retryable one to dead-letter now. A retryable
   * error with HTTP status 503 (a database, the audit trail or the bus is unavailable) is an
   * outage, not a fault of the message: the message is held and retried in place, without
   * spending a delivery, until the dependency is back or the consumption stops.
   */
  readonly handler: (message: DurableMessage) => Promise<void>;
  /** Where dead letters go: `<root>.dlq.<member>.<code>` on the namespace's DLQ stream. */
  readonly deadLetter: { readonly namespace: BusNamespace; readonly member: string };
  /** Called after a message was copied to the DLQ and terminated (metrics, alerts). */
  readonly onPoison?: (report: PoisonReport) => void | Promise<void>;
  /** Messages pulled ahead; small, because their ack_wait runs while they wait; default 8. */
  readonly prefetch?: number;
  /**
   * Messages handled at once; default 1 (strictly in stream order). Handlers that are idempotent
   * and order-independent (an inbox keyed by message id) can raise it for throughput.
   */
  readonly concurrency?: number;
  readonly logger?: Logger;
}

/** A running consumer. */
export interface DurableConsumption {
  /** Stops pulling, lets the message in hand finish, then resolves. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended (after stop, or if the consumer disappears). */
  readonly done: Promise<void>;
}

interface ConsumerContext {
  readonly options: ConsumeDurableOptions;
  readonly js: JetStreamClient;
  readonly logger: Logger;
  readonly maxDeliver: number;
  readonly retryDelaysMs: readonly number[];
  readonly ackWaitMs: number;
  /** Aborted by stop(): held messages give up their hold. */
  readonly stopping: AbortController;
}

/** Waits between in-place retries of a held message; the last one repeats. */
const HOLD_DELAYS_MS = [250, 500, 1_000, 2_000, 5_000];

const DEFAULT_RETRY_DELAY_MS = 1000;
/**
 * How long one pull waits at the server. It also paces recovery: nats.js expects a heartbeat every
 * half of it and, after two missed, asks for the consumer and pulls again, retrying that question
 * every `expires` while the cluster has no answer (a consumer leader being elected after a node
 * was lost). 10 s made a node loss stall delivery 10–28 s; 2 s keeps it to the election plus a
 * few seconds, for one idle pull every 2 s per consumer (docs/operations.md §8).
 */
const PULL_EXPIRES_MS = 2_000;
/** How many times ack_wait a message may stay in hand, kept alive, before it is taken as stuck. */
const KEEP_ALIVE_ACK_WAITS = 4;
const DLQ_REASON_MAX = 512;

function toDurableMessage(msg: JsMsg): DurableMessage {
  return {
    subject: msg.subject,
    data: msg.data,
    // JsMsg's header type comes from a nats-core subpath tsc cannot resolve under node10
    headers: fromNatsHeaders(msg.headers as MsgHdrs | undefined),
    seq: msg.seq,
    deliveryCount: msg.info.deliveryCount,
    timestamp: msg.time,
  };
}

/**
 * Pulls from a durable consumer and runs the handler once per message (in order unless
 * `concurrency` > 1), each inside a
 * CONSUMER span child of the publisher's trace. Success → ack. Retryable failure →
 * `nak` with the consumer's backoff as delay. Non-retryable failure, or failure on the last
 * allowed delivery → copy to the DLQ with the reason, then `term`.
 */
export async function consumeDurable(
  js: JetStreamClient,
  options: ConsumeDurableOptions,
): Promise<DurableConsumption> {
  const consumer = await js.consumers.get(options.stream, options.consumer);
  const { config } = await consumer.info(true);
  const context: ConsumerContext = {
    options,
    js,
    logger: options.logger ?? createLogger({ name: 'messaging' }),
    maxDeliver: config.max_deliver ?? -1,
    retryDelaysMs: (config.backoff ?? []).map((ns) => Math.round(ns / 1e6)),
    ackWaitMs: Math.round((config.ack_wait ?? 30e9) / 1e6),
    stopping: new AbortController(),
  };
  const messages: ConsumerMessages = await consumer.consume({
    max_messages: Math.max(1, options.prefetch ?? 8),
    // Pulls that expire after 2 s carry a heartbeat every second; two missed make nats.js look for
    // the consumer again, so a consumer whose leader moved (a node lost) or that an operator
    // restarted (restartDurableConsumer) is found within seconds.
    expires: PULL_EXPIRES_MS,
  });
  const stopLag = watchConsumerLag(options.stream, options.consumer, () => consumer.info());
  const stall: Stall = { since: undefined };
  void watchStalls(context, messages, stall);
  const limit = Math.max(1, options.concurrency ?? 1);
  const inHand = new Map<JsMsg, number>();
  // A message may wait in hand (behind a batch, or a slow handler) longer than ack_wait: the
  // server would then deliver it again while it is being handled. Every third of ack_wait, the
  // messages held longer than that tell the server they are still being worked on, up to
  // KEEP_ALIVE_ACK_WAITS times ack_wait: one held longer is taken as stuck and left to expire,
  // so that it is delivered again (an outage's hold keeps its messages alive by itself).
  const keepAlive = setInterval(
    () => {
      const now = performance.now();
      const since = now - context.ackWaitMs / 3;
      const stuck = now - context.ackWaitMs * KEEP_ALIVE_ACK_WAITS;
      for (const [msg, takenAt] of inHand) {
        if (takenAt < since && takenAt > stuck) {
          msg.working();
        }
      }
    },
    Math.max(50, Math.floor(context.ackWaitMs / 3)),
  );
  keepAlive.unref();
  const done = (async () => {
    // a counter and one waiter, not Promise.race over the messages in hand (which would add a
    // reaction to each of them for every message taken)
    let slotFreed: (() => void) | undefined;
    let allSettled: (() => void) | undefined;
    try {
      for await (const msg of messages) {
        endStall(context, stall);
        inHand.set(msg, performance.now());
        void processMessage(context, msg)
          .catch((error: unknown) => {
            // processMessage settles every message itself (ack/nak/term); a transport failure
            context.logger.error({ err: error, seq: msg.seq }, 'message handling failed');
          })
          .finally(() => {
            inHand.delete(msg);
            slotFreed?.();
            if (inHand.size === 0) {
              allSettled?.();
            }
          });
        while (inHand.size >= limit) {
          await new Promise<void>((resolve) => (slotFreed = resolve));
          slotFreed = undefined;
        }
      }
      if (inHand.size > 0) {
        await new Promise<void>((resolve) => (allSettled = resolve));
      }
    } finally {
      clearInterval(keepAlive);
      stopLag();
    }
  })();
  return {
    done,
    async stop() {
      context.stopping.abort();
      await messages.close();
      await done;
    },
  };
}

/** Since when a consumer has had neither messages nor heartbeats (performance.now()). */
interface Stall {
  since: number | undefined;
}

function endStall(context: ConsumerContext, stall: Stall): void {
  if (stall.since !== undefined) {
    const { stream, consumer } = context.options;
    context.logger.warn(
      { stream, consumer, stalledMs: Math.round(performance.now() - stall.since) },
      'durable consumer delivering again',
    );
    stall.since = undefined;
  }
}

/**
 * Makes a stalled consumer visible: missed heartbeats (its leader lost, or the server unreachable),
 * a consumer or stream that cannot be found, no JetStream to answer; and, once it delivers or
 * heartbeats again, one line saying how long the stall lasted.
 */
async function watchStalls(
  context: ConsumerContext,
  messages: ConsumerMessages,
  stall: Stall,
): Promise<void> {
  const { stream, consumer } = context.options;
  try {
    for await (const event of messages.status()) {
      switch (event.type) {
        case 'heartbeats_missed':
        case 'consumer_not_found':
        case 'stream_not_found':
        case 'no_responders':
          if (stall.since === undefined) {
            stall.since = performance.now();
            countStall(stream, consumer);
          }
          context.logger.warn(
            { stream, consumer, event: event.type },
            'durable consumer stalled (no heartbeat or no answer from its leader): pulling again',
          );
          break;
        case 'exceeded_limits':
          context.logger.warn(
            { stream, consumer, code: event.code, description: event.description },
            'pull refused by the server',
          );
          break;
        case 'heartbeat':
          endStall(context, stall);
          break;
        case 'consumer_deleted':
        case 'consumer_pinned':
        case 'consumer_unpinned':
        case 'debug':
        case 'discard':
        case 'flow_control':
        case 'next':
        case 'ordered_consumer_recreated':
        case 'reset':
          // requests, their ends and server notices of an ordinary pull
          break;
      }
    }
  } catch {
    // the status iterator ends with the consumption
  }
}

async function processMessage(context: ConsumerContext, msg: JsMsg): Promise<void> {
  const message = toDurableMessage(msg);
  await withSpan(
    `process ${message.subject}`,
    {
      kind: SpanKind.CONSUMER,
      parent: traceParentOf(message.headers),
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': message.subject,
        'messaging.consumer.group.name': context.options.consumer,
        'nats.stream': context.options.stream,
        'nats.sequence': message.seq,
      },
    },
    async () => {
      for (let hold = 0; ; hold++) {
        try {
          await context.options.handler(message);
          break;
        } catch (thrown) {
          const error = toAppError(thrown);
          if (isOutage(error) && (await holdMessage(context, msg, message, error, hold))) {
            continue;
          }
          await settleFailure(context, msg, message, error);
          return;
        }
      }
      // a plain ack, not a confirmed one (a request each): if it is lost, the message comes
      // again and every consumer here is idempotent (inbox, delivery ids, audit record ids)
      msg.ack();
    },
  );
}

/** A dependency is down: the message is not at fault. */
function isOutage(error: AppError): boolean {
  return error.retryable && error.httpStatus === 503;
}

/**
 * Keeps a message through an outage: tells the server we are still working on it (so ack_wait
 * does not expire and no delivery is spent), waits, and returns true to retry it in place; false
 * once the consumption is stopping, so the caller settles it as an ordinary retryable failure.
 */
async function holdMessage(
  context: ConsumerContext,
  msg: JsMsg,
  message: DurableMessage,
  error: AppError,
  hold: number,
): Promise<boolean> {
  const { signal } = context.stopping;
  if (signal.aborted) {
    return false;
  }
  const delay = HOLD_DELAYS_MS[Math.min(hold, HOLD_DELAYS_MS.length - 1)] ?? 5_000;
  if (hold === 0 || delay === HOLD_DELAYS_MS.at(-1)) {
    context.logger.warn(
      { err: error, subject: message.subject, seq: message.seq, hold, delayMs: delay },
      'dependency unavailable, message held',
    );
  }
  // working() restarts ack_wait; sleeping in slices of a third of it keeps the hold alive
  const slice = Math.max(50, Math.min(delay, Math.floor(context.ackWaitMs / 3)));
  for (let waited = 0; waited < delay; waited += slice) {
    msg.working();
    try {
      await sleep(Math.min(slice, delay - waited), undefined, { signal });
    } catch {
      return false;
    }
  }
  return true;
}

async function settleFailure(
  context: ConsumerContext,
  msg: JsMsg,
  message: DurableMessage,
  error: AppError,
): Promise<void> {
  const lastAttempt = context.maxDeliver > 0 && message.deliveryCount >= context.maxDeliver;
  if (error.retryable && !lastAttempt) {
    const delay = retryDelay(context.retryDelaysMs, message.deliveryCount);
    context.logger.warn(
      { err: error, subject: message.subject, seq: message.seq, delayMs: delay },
      'handler failed, retrying later',
    );
    msg.nak(delay);
    return;
  }
  const reason =
    lastAttempt && error.retryable
      ? new MessagingError(
          'BUS_MAX_DELIVER_EXCEEDED',
          `failed on all ${context.maxDeliver} deliveries, last: ${error.code}: ${error.message}`,
          { cause: error },
        )
      : error;
  await deadLetter(context, msg, message, reason);
}

function retryDelay(delaysMs: readonly number[], deliveryCount: number): number {
  if (delaysMs.length === 0) {
    return DEFAULT_RETRY_DELAY_MS;
  }
  return delaysMs[Math.min(deliveryCount - 1, delaysMs.length - 1)] ?? DEFAULT_RETRY_DELAY_MS;
}

async function deadLetter(
  context: ConsumerContext,
  msg: JsMsg,
  message: DurableMessage,
  error: AppError,
): Promise<void> {
  let subject: string;
  try {
    subject = await publishDeadLetter(context.js, {
      ...context.options.deadLetter,
      stream: context.options.stream,
      consumer: context.options.consumer,
      message,
      error,
    });
  } catch (publishError) {
    // never term what is not safely in the DLQ: leave it for redelivery
    context.logger.error(
      { err: publishError, subject: message.subject, seq: message.seq },
      'dead-letter publish failed, message left for redelivery',
    );
    msg.nak(retryDelay(context.retryDelaysMs, message.deliveryCount));
    return;
  }
  // no reason argument: nats-server 2.9 does not parse `+TERM <reason>` and redelivers
  msg.term();
  context.logger[error.logLevel](
    { err: error, subject: message.subject, seq: message.seq, dlqSubject: subject },
    'message dead-lettered',
  );
  await context.options.onPoison?.({ message, error, dlqSubject: subject });
}

/** What {@link publishDeadLetter} copies, and why. */
export interface DeadLetterInput {
  readonly namespace: BusNamespace;
  /** The member whose DLQ subject it goes to: `<root>.dlq.<member>.<code>`. */
  readonly member: string;
  /** Stream and durable consumer the message was read from. */
  readonly stream: string;
  readonly consumer: string;
  readonly message: DurableMessage;
  readonly error: AppError;
  /**
   * When one record of a batch message is refused and the others kept: its position. The dead
   * letter then carries `Lt-Dlq-Record`, and each refused record of a message has its own.
   */
  readonly record?: number;
  /** The reason shown to operators; the error's message by default. */
  readonly reason?: string;
}

/**
 * Copies a stored message to LT_DLQ with the reason (stable code, one-line message, where it came
 * from) and resolves with the DLQ subject once the copy is stored. One dead letter per (stream
 * message, consumer[, record]): two subscribers failing on the same message each keep theirs; a
 * redelivery to the same consumer is deduplicated.
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  input: DeadLetterInput,
): Promise<string> {
  const subject = dlqSubject(input.namespace, input.member, input.error.code);
  const record = input.record === undefined ? '' : `:${input.record}`;
  await publishDurable(
    js,
    subject,
    {
      data: input.message.data,
      headers: dlqHeaders(input),
      msgId: `${input.stream}:${input.message.seq}:${input.consumer}${record}`,
    },
    { expectStream: streamName(input.namespace, 'DLQ') },
  );
  return subject;
}

function dlqHeaders(input: DeadLetterInput): Record<string, string> {
  const { message, error } = input;
  return {
    ...message.headers,
    [LT_DLQ_REASON]: (input.reason ?? error.message)
      .replace(/[\r\n]+/g, ' ')
      .slice(0, DLQ_REASON_MAX),
    [LT_ERROR_CODE]: error.code,
    [LT_DLQ_SUBJECT]: message.subject,
    [LT_DLQ_STREAM]: input.stream,
    [LT_DLQ_SEQ]: String(message.seq),
    [LT_DLQ_CONSUMER]: input.consumer,
    [LT_DLQ_DELIVERIES]: String(message.deliveryCount),
    ...(input.record === undefined ? {} : { [LT_DLQ_RECORD]: String(input.record) }),
  };
}
