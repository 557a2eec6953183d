import { KvWatchInclude, type KV } from '@nats-io/kv';

/** One version of a configuration value. */
export interface ConfigurationValue {
  readonly key: string;
  readonly value: Uint8Array;
  readonly revision: number;
  readonly created: Date;
}

/** Stores a new version of a key (the signed document bytes); returns its revision. */
export function putConfiguration(kv: KV, key: string, value: Uint8Array): Promise<number> {
  return kv.put(key, value);
}

/**
 * Calls `onValue` with the current value of `key` and with every later put, in order. Deletes
 * are skipped: the bus keeps its last good configuration rather than run with none. Errors of
 * `onValue` and of the watch go to `onError`; the watch continues after an `onValue` error.
 * Returns a function that stops the watch.
 */
export async function watchConfiguration(
  kv: KV,
  key: string,
  onValue: (value: ConfigurationValue) => void | Promise<void>,
  onError: (error: unknown) => void,
): Promise<() => void> {
  const watch = await kv.watch({ key, include: KvWatchInclude.LastValue });
  void (async () => {
    try {
      for await (const entry of watch) {
        if (entry.operation !== 'PUT') {
          continue;
        }
        try {
          await onValue({
            key: entry.key,
            value: entry.value,
            revision: entry.revision,
            created: entry.created,
          });
        } catch (error) {
          onError(error);
        }
      }
    } catch (error) {
      onError(error);
    }
  })();
  return () => watch.stop();
}
