import { Command, InvalidArgumentError } from 'commander';
import { defineErrorArea } from '@lienthong/errors';
import {
  DEFAULT_NAMESPACE,
  LT_DLQ_CONSUMER,
  LT_DLQ_DELIVERIES,
  LT_DLQ_REASON,
  LT_DLQ_RECORD,
  LT_DLQ_SEQ,
  LT_DLQ_STREAM,
  LT_DLQ_SUBJECT,
  LT_ERROR_CODE,
  NATS_MSG_ID,
  dlqSubject,
  fromNatsHeaders,
  jetstream,
  jetstreamManager,
  publishDurable,
  streamName,
  type BusNamespace,
  type HeaderRecord,
  type NatsConnection,
} from '@lienthong/messaging';
import { withOperatorBus, type OperatorBus } from './operator-bus';

/** Codes of the `lt dlq` command. */
export const DlqErrorCode = {
  DLQ_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'No dead letter at this sequence' },
  DLQ_NOT_A_DEAD_LETTER: {
    httpStatus: 422,
    retryable: false,
    title: 'The message at this sequence is not a dead letter (a replay marker, or no origin)',
  },
  DLQ_ALREADY_REPLAYED: {
    httpStatus: 409,
    retryable: false,
    title: 'This dead letter was replayed already',
  },
} as const;

/** Errors of `lt dlq`. */
export class DlqError extends defineErrorArea('DlqError', DlqErrorCode) {}

/** Reason code of the markers `replay` leaves in LT_DLQ; they are not dead letters themselves. */
export const REPLAYED_CODE = 'DLQ_REPLAYED';
/** Header of a replay marker: the DLQ sequence it marks. */
export const LT_DLQ_REPLAY_OF = 'Lt-Dlq-Replay-Of';

/** One dead letter as an operator sees it. */
export interface DeadLetter {
  readonly seq: number;
  readonly storedAt: string;
  readonly code: string;
  readonly reason: string;
  /**
   * The envelope id (= the original `Nats-Msg-Id`; the DLQ copy's own header holds the copy's id),
   * or the original stream:sequence for bytes that are not an envelope.
   */
  readonly originalSubject: string;
  readonly originalStream: string;
  readonly originalSeq: string;
  readonly consumer: string;
  readonly deliveries: string;
  readonly messageId: string;
  /** A record refused alone in a batch of audit records: its position (the others were kept). */
  readonly record?: number;
  readonly bytes: number;
  readonly replayed: boolean;
}

/** A dead letter with its original bytes and headers (`show`). */
export interface DeadLetterDetail extends DeadLetter {
  readonly headers: HeaderRecord;
  readonly body: string;
}

const ORIGIN_HEADERS = [
  LT_DLQ_REASON,
  LT_ERROR_CODE,
  LT_DLQ_SUBJECT,
  LT_DLQ_STREAM,
  LT_DLQ_SEQ,
  LT_DLQ_CONSUMER,
  LT_DLQ_DELIVERIES,
  LT_DLQ_RECORD,
];

/**
 * Reads and replays LT_DLQ. A replay re-publishes the original bytes and headers (without the
 * dead-letter headers) to the original subject with the ORIGINAL `Nats-Msg-Id`, so that JetStream
 * dedup and the subscribers' inboxes still protect against a double effect, then leaves a marker
 * in LT_DLQ so that the same dead letter is never replayed twice.
 */
export class DeadLetterQueue {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: BusNamespace,
  ) {}

  /** Opens the DLQ of `namespace` on an existing connection (admin rights on the streams). */
  static on(nc: NatsConnection, namespace: BusNamespace = DEFAULT_NAMESPACE): DeadLetterQueue {
    return new DeadLetterQueue(nc, namespace);
  }

  private get stream(): string {
    return streamName(this.namespace, 'DLQ');
  }

  /** Dead letters oldest first (replay markers left out), at most `limit`. */
  async list(limit = 100): Promise<DeadLetter[]> {
    const jsm = await jetstreamManager(this.nc);
    const { state } = await jsm.streams.info(this.stream);
    const letters: DeadLetter[] = [];
    const replayed = new Set<string>();
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const stored = await jsm.streams.getMessage(this.stream, { seq }).catch(() => null);
      if (!stored) {
        continue;
      }
      const headers = fromNatsHeaders(stored.header);
      if (headers[LT_DLQ_REPLAY_OF]) {
        replayed.add(headers[LT_DLQ_REPLAY_OF]);
      } else if (letters.length < limit) {
        letters.push(toDeadLetter(seq, stored.time, headers, stored.data, false));
      }
    }
    return letters.map((l) => ({ ...l, replayed: replayed.has(String(l.seq)) }));
  }

  /** One dead letter with its original headers and body; DLQ_NOT_FOUND when there is none. */
  async show(seq: number): Promise<DeadLetterDetail> {
    const jsm = await jetstreamManager(this.nc);
    const stored = await jsm.streams.getMessage(this.stream, { seq }).catch(() => null);
    if (!stored) {
      throw new DlqError('DLQ_NOT_FOUND', `no message at ${this.stream} sequence ${seq}`);
    }
    const headers = fromNatsHeaders(stored.header);
    if (headers[LT_DLQ_REPLAY_OF] || !headers[LT_DLQ_SUBJECT]) {
      throw new DlqError('DLQ_NOT_A_DEAD_LETTER', `${this.stream} sequence ${seq}`);
    }
    const replayed = await this.wasReplayed(seq);
    return {
      ...toDeadLetter(seq, stored.time, headers, stored.data, replayed),
      headers: originalHeaders(headers),
      body: new TextDecoder().decode(stored.data),
    };
  }

  /** Re-publishes a dead letter to its original subject; refuses a second replay. */
  async replay(seq: number): Promise<{ seq: number; subject: string; duplicate: boolean }> {
    const letter = await this.show(seq);
    if (letter.replayed) {
      throw new DlqError('DLQ_ALREADY_REPLAYED', `${this.stream} sequence ${seq} was replayed`);
    }
    const jsm = await jetstreamManager(this.nc);
    const stored = await jsm.streams.getMessage(this.stream, { seq });
    if (!stored) {
      throw new DlqError('DLQ_NOT_FOUND', `no message at ${this.stream} sequence ${seq}`);
    }
    const js = jetstream(this.nc);
    const { [NATS_MSG_ID]: _msgId, ...headers } = letter.headers;
    const ack = await publishDurable(js, letter.originalSubject, {
      data: stored.data,
      headers,
      msgId: letter.messageId,
    });
    const member = letter.originalSubject.split('.')[2] ?? 'BUS';
    await publishDurable(
      js,
      dlqSubject(
        this.namespace,
        /^[A-Z][A-Z0-9]{1,15}$/.test(member) ? member : 'BUS',
        REPLAYED_CODE,
      ),
      {
        data: new TextEncoder().encode(JSON.stringify({ replayOf: seq, at: new Date() })),
        headers: { [LT_DLQ_REPLAY_OF]: String(seq) },
        msgId: `replay:${this.stream}:${seq}`,
      },
      { expectStream: this.stream },
    );
    return { seq: ack.seq, subject: letter.originalSubject, duplicate: ack.duplicate };
  }

  private async wasReplayed(seq: number): Promise<boolean> {
    const jsm = await jetstreamManager(this.nc);
    const { state } = await jsm.streams.info(this.stream);
    for (let s = seq + 1; s <= state.last_seq; s++) {
      const stored = await jsm.streams.getMessage(this.stream, { seq: s }).catch(() => null);
      if (stored && fromNatsHeaders(stored.header)[LT_DLQ_REPLAY_OF] === String(seq)) {
        return true;
      }
    }
    return false;
  }
}

function toDeadLetter(
  seq: number,
  time: Date,
  headers: HeaderRecord,
  data: Uint8Array,
  replayed: boolean,
): DeadLetter {
  return {
    seq,
    storedAt: time.toISOString(),
    code: headers[LT_ERROR_CODE] ?? '',
    reason: headers[LT_DLQ_REASON] ?? '',
    originalSubject: headers[LT_DLQ_SUBJECT] ?? '',
    originalStream: headers[LT_DLQ_STREAM] ?? '',
    originalSeq: headers[LT_DLQ_SEQ] ?? '',
    consumer: headers[LT_DLQ_CONSUMER] ?? '',
    deliveries: headers[LT_DLQ_DELIVERIES] ?? '',
    messageId: envelopeId(data) || `${headers[LT_DLQ_STREAM] ?? ''}:${headers[LT_DLQ_SEQ] ?? ''}`,
    ...(headers[LT_DLQ_RECORD] ? { record: Number(headers[LT_DLQ_RECORD]) } : {}),
    bytes: data.length,
    replayed,
  };
}

/** The `id` of a signed envelope body, or '' when the bytes are not one. */
function envelopeId(data: Uint8Array): string {
  try {
    const body = JSON.parse(new TextDecoder().decode(data)) as { id?: unknown };
    return typeof body.id === 'string' ? body.id : '';
  } catch {
    return '';
  }
}

/** The headers the message carried before it was dead-lettered. */
function originalHeaders(headers: HeaderRecord): HeaderRecord {
  // the dead-letter publish stored its own `Nats-Expected-Stream: <DLQ>` with the copy
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([k]) => !ORIGIN_HEADERS.includes(k) && !k.startsWith('Nats-Expected-'),
    ),
  );
}

function sequence(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('must be a stream sequence (a positive integer)');
  }
  return parsed;
}

/** The `dlq` command (`lt dlq list|show <seq>|replay <seq>`); output is JSON on stdout. */
export function dlqCommand(bus: () => OperatorBus, print: (value: unknown) => void): Command {
  const withQueue = <T>(work: (dlq: DeadLetterQueue) => Promise<T>): Promise<T> =>
    withOperatorBus(bus, 'lt-dlq', (nc, namespace) => work(DeadLetterQueue.on(nc, namespace)));
  const dlq = new Command('dlq').description('dead letters of LT_DLQ: list, show, replay');
  dlq
    .command('list')
    .description('dead letters, oldest first, with their reason and original subject')
    .option('--limit <n>', 'at most this many', sequence, 100)
    .action(async (options: { limit: number }) => {
      print(await withQueue((q) => q.list(options.limit)));
    });
  dlq
    .command('show')
    .argument('<seq>', 'DLQ stream sequence', sequence)
    .description('one dead letter with its original headers and body')
    .action(async (seq: number) => {
      print(await withQueue((q) => q.show(seq)));
    });
  dlq
    .command('replay')
    .argument('<seq>', 'DLQ stream sequence', sequence)
    .description('re-publish the original bytes to the original subject (once)')
    .action(async (seq: number) => {
      print(await withQueue((q) => q.replay(seq)));
    });
  return dlq;
}
