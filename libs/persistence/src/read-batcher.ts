import DataLoader from 'dataloader';

/** Most keys one batched read asks for. */
const DEFAULT_MAX_KEYS = 256;

/**
 * Reads by key, batched per event-loop turn: the keys asked for by concurrent callers in one
 * turn are read with one query (`read(keys)`, typically `WHERE key = ANY($1)`), so a provider
 * answering many look-ups at once makes one database round trip instead of one each. Nothing is
 * cached: every turn reads the registry anew. For reads outside a transaction only; a caller in
 * a transaction reads through its own connection.
 */
export class ReadBatcher<K, V> {
  private readonly loader: DataLoader<K, V | undefined>;

  /** `read` returns what it found by key; keys it does not return are "not found". */
  constructor(
    read: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
    options: { maxKeys?: number } = {},
  ) {
    this.loader = new DataLoader<K, V | undefined>(
      async (keys) => {
        const found = await read(keys);
        return keys.map((key) => found.get(key));
      },
      {
        cache: false,
        maxBatchSize: options.maxKeys ?? DEFAULT_MAX_KEYS,
        // the end of the turn rather than the next tick: a turn's NATS messages are handled
        // one after another, each reaching its read after its own signature check
        batchScheduleFn: (callback) => setImmediate(callback),
      },
    );
  }

  /** The value under `key`, or undefined when the registry has none. */
  load(key: K): Promise<V | undefined> {
    return this.loader.load(key);
  }
}
