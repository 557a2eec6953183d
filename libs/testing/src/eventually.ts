import { setTimeout as sleep } from 'node:timers/promises';

/** Polling limits of {@link eventually}. */
export interface EventuallyOptions {
  /** Give up after this long (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  readonly intervalMs?: number;
}

/**
 * Runs `fn` until it completes without throwing and returns its result; after `timeoutMs` the
 * last failure is rethrown unchanged, so jest shows the assertion that kept failing.
 * For asynchronous outcomes (a consumer processed a message, a row appeared), never for sleeps.
 */
export async function eventually<T>(
  fn: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() + intervalMs > deadline) {
        throw error;
      }
    }
    await sleep(intervalMs);
  }
}
