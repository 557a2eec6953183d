/** Limits of a {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Most items one commit takes; the rest wait for the next. */
  readonly maxItems: number;
}

interface Waiting<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: items added by concurrent callers are written together by one `commit(items)`,
 * and each caller's promise settles with the outcome of the commit that took its item, so a
 * caller goes on only once its item is durable. One commit runs at a time. When none is
 * running, the items of the current event-loop turn are committed at its end, so an idle
 * system adds no wait; while one runs, new items gather and leave together as soon as it ends,
 * so the batch grows with the load and the number of round trips does not.
 */
export class GroupCommit<T> {
  private queue: Waiting<T>[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues one item; resolves once a commit that took it succeeded, rejects with its error. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
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
        await this.commit(batch.map((waiting) => waiting.item));
        batch.forEach((waiting) => waiting.resolve());
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
    this.running = false;
  }
}
