import { setTimeout as sleep } from 'node:timers/promises';
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/nats-core';
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

function isTransient(error: unknown): boolean {
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
 * (wrong stream, too large, stream full) is BUS_PUBLISH_REJECTED.
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
          const ack = await js.publish(subject, message.data, {
            msgID: message.msgId,
            timeout: options.timeoutMs ?? 5000,
            ...(headers ? { headers } : {}),
            ...(options.expectStream ? { expect: { streamName: options.expectStream } } : {}),
          });
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
