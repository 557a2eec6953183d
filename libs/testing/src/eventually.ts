import { setTimeout as sleep } from 'node:timers/promises';

/** Polling limits of {@link eventually}. */
export interface EventuallyOptions {
  /** Give up after this long (default 15000 ms). */
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
  // Generous: the bound only matters when the outcome never comes, and a 2-core CI machine under
  // a full int + e2e run can take several seconds for what takes milliseconds alone.
  const timeoutMs = options.timeoutMs ?? 15_000;
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
