import { Command, InvalidArgumentError } from 'commander';
import { defineErrorArea } from '@lienthong/errors';
import {
  jetstreamManager,
  restartDurableConsumer,
  streamName,
  type BusNamespace,
  type ConsumerInfo,
  type ConsumerStart,
  type NatsConnection,
} from '@lienthong/messaging';
import { type Progress, startProgress } from '../shared/progress';
import { withOperatorBus, type OperatorBus } from './operator-bus';

/** Codes of the `lt events` command. */
export const EventsCliErrorCode = {
  EVENTS_REPLAY_START_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'A replay needs exactly one start: a stream sequence or a time',
  },
  EVENTS_REPLAY_STALLED: {
    httpStatus: 504,
    retryable: true,
    title: 'The subscription has not moved for too long: is its adapter running?',
  },
} as const;

/** Errors of `lt events`. */
export class EventsCliError extends defineErrorArea('EventsCliError', EventsCliErrorCode) {}

/** A subscription's durable consumer on LT_EVENTS, as an operator sees it. */
export interface EventConsumerState {
  readonly name: string;
  readonly filterSubject: string;
  readonly deliverPolicy: string;
  /** Stream sequence of the last message delivered, and of the last one acknowledged in order. */
  readonly deliveredSeq: number;
  readonly ackFloorSeq: number;
  /** Matching messages not delivered yet, and delivered ones waiting for their ack. */
  readonly pending: number;
  readonly ackPending: number;
  readonly redelivered: number;
}

/**
 * The operator's view of the event subscriptions: their durable consumers and where each stands,
 * and the replay that rebuilds a subscriber from a stream sequence or a time (docs/operations.md,
 * "Rebuilding a subscriber").
 */
export class EventSubscriptions {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: BusNamespace,
  ) {}

  /** The subscriptions of `namespace` on an existing connection (admin rights on the streams). */
  static on(nc: NatsConnection, namespace: BusNamespace): EventSubscriptions {
    return new EventSubscriptions(nc, namespace);
  }

  private get stream(): string {
    return streamName(this.namespace, 'EVENTS');
  }

  /** Every durable consumer of the events stream, by name. */
  async list(): Promise<EventConsumerState[]> {
    const jsm = await jetstreamManager(this.nc);
    const states: EventConsumerState[] = [];
    for await (const info of jsm.consumers.list(this.stream)) {
      states.push(stateOf(info));
    }
    return states.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Where one durable consumer stands now (BUS_CONSUMER_NOT_FOUND for an unknown name). */
  async state(consumer: string): Promise<EventConsumerState> {
    const jsm = await jetstreamManager(this.nc);
    return stateOf(await jsm.consumers.info(this.stream, consumer));
  }

  /**
   * Delivers the events stream again to `consumer` from `from`: its subscriber re-applies what
   * its inbox does not hold and absorbs the rest. Returns where the consumer stood before.
   */
  async replay(
    consumer: string,
    from: ConsumerStart,
  ): Promise<{ consumer: string; from: string; before: EventConsumerState }> {
    // BUS_CONSUMER_NOT_FOUND for a name `lt events consumers` does not list
    const { before } = await restartDurableConsumer(
      await jetstreamManager(this.nc),
      this.stream,
      consumer,
      from,
    );
    return {
      consumer,
      from: 'seq' in from ? `stream sequence ${from.seq}` : from.time.toISOString(),
      before: stateOf(before),
    };
  }
}

/** How a caller follows a subscription until it has caught up. */
export interface FollowOptions {
  /** Told how many of the events outstanding at the start are now done, and how many that was. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly pollMs?: number;
  /** Give up (EVENTS_REPLAY_STALLED) when nothing moved for this long with events outstanding. */
  readonly stallMs?: number;
}

/** What following a subscription saw: the events outstanding at the start, and how long it took. */
export interface CaughtUp {
  readonly consumer: string;
  readonly outstandingAtStart: number;
  readonly seconds: number;
}

/**
 * Waits until `consumer` has nothing pending or unacknowledged — a replayed subscriber has
 * re-applied what it lacked — reporting progress as it goes.
 */
export async function followSubscription(
  subscriptions: EventSubscriptions,
  consumer: string,
  options: FollowOptions = {},
): Promise<CaughtUp> {
  const pollMs = options.pollMs ?? 1_000;
  const stallMs = options.stallMs ?? 60_000;
  const started = Date.now();
  let total = -1;
  let last = Number.NaN;
  let lastMoveAt = started;
  for (;;) {
    const state = await subscriptions.state(consumer);
    const outstanding = state.pending + state.ackPending;
    if (total < 0) {
      total = outstanding;
    }
    if (outstanding !== last) {
      last = outstanding;
      lastMoveAt = Date.now();
    }
    options.onProgress?.(Math.max(total - outstanding, 0), total);
    if (outstanding === 0) {
      return { consumer, outstandingAtStart: total, seconds: (Date.now() - started) / 1000 };
    }
    if (Date.now() - lastMoveAt >= stallMs) {
      throw new EventsCliError(
        'EVENTS_REPLAY_STALLED',
        `${consumer} still has ${outstanding} events outstanding and has not moved for ${Math.round(stallMs / 1000)} s; is its adapter running?`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function stateOf(info: ConsumerInfo): EventConsumerState {
  return {
    name: info.name,
    filterSubject: info.config.filter_subject ?? '',
    deliverPolicy: info.config.deliver_policy,
    deliveredSeq: info.delivered.stream_seq,
    ackFloorSeq: info.ack_floor.stream_seq,
    pending: info.num_pending,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
  };
}

/** The start of a replay from the command's options: exactly one of them. */
export function replayStart(options: { fromSeq?: string; fromTime?: string }): ConsumerStart {
  const { fromSeq, fromTime } = options;
  if ((fromSeq === undefined) === (fromTime === undefined)) {
    throw new EventsCliError(
      'EVENTS_REPLAY_START_INVALID',
      'give --from-seq <n> or --from-time <ISO time>, not both',
    );
  }
  if (fromSeq !== undefined) {
    if (!/^[1-9][0-9]{0,15}$/.test(fromSeq)) {
      throw new InvalidArgumentError(`not a stream sequence: ${fromSeq}`);
    }
    return { seq: Number(fromSeq) };
  }
  const time = new Date(fromTime as string);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(fromTime as string) || Number.isNaN(time.getTime())) {
    throw new InvalidArgumentError(`not an ISO 8601 time: ${fromTime}`);
  }
  return { time };
}

/** The `events` command (`lt events consumers|replay`); output is JSON on stdout. */
export function eventsCommand(bus: () => OperatorBus, print: (value: unknown) => void): Command {
  const withSubscriptions = <T>(work: (s: EventSubscriptions) => Promise<T>): Promise<T> =>
    withOperatorBus(bus, 'lt-events', (nc, namespace) =>
      work(EventSubscriptions.on(nc, namespace)),
    );
  const events = new Command('events').description(
    'event subscriptions on LT_EVENTS: where each stands, and replay',
  );
  events
    .command('consumers')
    .description('the durable consumer of every subscription, with its position and backlog')
    .action(async () => {
      print(await withSubscriptions((s) => s.list()));
    });
  events
    .command('replay')
    .argument('<consumer>', 'durable consumer name (lt events consumers)')
    .option('--from-seq <n>', 'deliver again from this stream sequence')
    .option('--from-time <time>', 'deliver again from the first event stored at or after this time')
    .option(
      '--follow',
      'then wait until the subscriber has caught up, showing its progress (stops if it does not move for 60 s)',
    )
    .description(
      'rebuild a subscriber: deliver the stream again from a sequence or a time; its inbox applies what it lacks, once',
    )
    .action(
      async (
        consumer: string,
        options: { fromSeq?: string; fromTime?: string; follow?: boolean },
      ) => {
        const from = replayStart(options);
        print(
          await withSubscriptions(async (s) => {
            const replayed = await s.replay(consumer, from);
            if (options.follow !== true) {
              return replayed;
            }
            let progress: Progress | undefined;
            try {
              const caughtUp = await followSubscription(s, consumer, {
                onProgress: (done, total) => {
                  progress ??= startProgress({ label: 'replay', total, unit: 'events' });
                  progress.update(done);
                },
              });
              return { ...replayed, caughtUp };
            } finally {
              progress?.finish();
            }
          }),
        );
      },
    );
  return events;
}
