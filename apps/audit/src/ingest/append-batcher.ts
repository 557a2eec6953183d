/** Limits of one batch: whichever is reached first closes it. */
export interface BatchLimits {
  /** Most items in one flush. */
  readonly size: number;
  /** Longest time the first item of a batch waits for others. */
  readonly waitMs: number;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects items from concurrent callers and writes them with one `flush(items)` call, then
 * settles every caller with that call's outcome. A caller's promise resolves only after its item
 * was written, so a message is acknowledged only once its record is committed.
 */
export class AppendBatcher<T, R> {
  private pending: Waiting<T, R>[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly write: (items: T[]) => Promise<R>,
    private readonly limits: BatchLimits,
  ) {}

  /** Queues one item; resolves with the result of the flush that wrote it. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.limits.size) {
        void this.flush();
      } else if (this.timer === undefined) {
        this.timer = setTimeout(() => void this.flush(), this.limits.waitMs);
      }
    });
  }

  /** Writes whatever is queued now (also used on shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) {
      return;
    }
    try {
      const result = await this.write(batch.map((waiting) => waiting.item));
      batch.forEach((waiting) => waiting.resolve(result));
    } catch (error) {
      batch.forEach((waiting) => waiting.reject(error));
    }
  }
}
