/** Limits of a {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Most items one commit takes; the rest wait for the next. */
  readonly maxItems: number;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: items added by concurrent callers are written together by one `commit(items)`,
 * and each caller's promise settles with the outcome (and the result) of the commit that took its
 * item, so a caller goes on only once its item is durable. One commit runs at a time. When none is
 * running, the items of the current event-loop turn are committed at its end, so an idle
 * system adds no wait; while one runs, new items gather and leave together as soon as it ends,
 * so the batch grows with the load and the number of round trips does not.
 */
export class GroupCommit<T, R = void> {
  private queue: Waiting<T, R>[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly commit: (items: T[]) => Promise<R>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues one item; resolves with the result of the commit that took it, or rejects with its error. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.run();
        });
      }
    });
  }

  private async run(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxItems);
      try {
        const result = await this.commit(batch.map((waiting) => waiting.item));
        batch.forEach((waiting) => waiting.resolve(result));
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
    this.running = false;
  }
}
