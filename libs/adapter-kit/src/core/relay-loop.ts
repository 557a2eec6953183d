/** What one relay round did, as far as the loop needs to know. */
export interface RelayRoundOutcome {
  readonly claimed: number;
  readonly failed: number;
}

/** Options of {@link RelayLoop}. */
export interface RelayLoopOptions {
  /** Claims, publishes and marks one batch of committed rows. */
  readonly round: () => Promise<RelayRoundOutcome>;
  /** Rows a round claims at most: a full round means more may be waiting. */
  readonly batch: number;
  /** A round that threw: the rows stay unsent for the next wake (the poll). */
  readonly onError: (error: unknown) => void;
  /**
   * Rounds run at once while a backlog lasts (their rows claimed with SKIP LOCKED, so each its
   * own); default 1. A run always begins with one round, and widens only after a full one.
   */
  readonly parallel?: number;
}

/**
 * The run loop of both outboxes (events, document deliveries). `wake()` starts a run now, or
 * right after the one in progress; a run repeats rounds while they come back full and without a
 * failed publication (`parallel` of them at once), so a backlog drains without waiting for the
 * poll, and an outage is left to the poll instead of being retried in a tight loop.
 */
export class RelayLoop {
  private running?: Promise<void>;
  private again = false;
  #stopped = false;

  constructor(private readonly options: RelayLoopOptions) {}

  /** Whether {@link stop} was called. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Starts a run now, or right after the one in progress. */
  wake(): void {
    if (this.#stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  /** Runs until nothing is left to relay or a publication fails; resolves when idle. */
  async flush(): Promise<void> {
    await this.running;
    this.wake();
    await this.running;
  }

  /** Starts no more runs and waits for the one in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.running;
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      let width = 1;
      for (;;) {
        const rounds = await Promise.allSettled(
          Array.from({ length: width }, () => this.options.round()),
        );
        const failure = rounds.find((r) => r.status === 'rejected');
        if (failure) {
          this.options.onError(failure.reason);
          break;
        }
        const full = rounds.every(
          (r) =>
            r.status === 'fulfilled' &&
            r.value.claimed === this.options.batch &&
            r.value.failed === 0,
        );
        if (!full || this.#stopped) {
          break;
        }
        width = Math.max(1, this.options.parallel ?? 1);
      }
    } while (this.again && !this.#stopped);
  }
}
