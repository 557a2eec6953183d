/**
 * Remembers message ids until they expire, so that a captured message cannot be delivered twice.
 * A durable implementation (the inbox table's unique key) backs this up across restarts.
 */
export interface ReplayGuard {
  /** Records `id` until `expiresAt`; returns false when it was already recorded (a replay). */
  checkAndRemember(id: string, expiresAt: Date): boolean;
}

/**
 * The guard of a durable consumer: JetStream redelivers a message whose ack was lost, so the
 * in-memory cache would refuse (ENVELOPE_REPLAYED) what is only a redelivery, and forget it all on
 * restart anyway. The consumer's own table decides instead (the events inbox, the document
 * delivery ids, the audit log's record ids, the witnessed checkpoints).
 */
export const ACCEPT_REDELIVERIES: ReplayGuard = Object.freeze({ checkAndRemember: () => true });

/** Options of {@link MemoryReplayGuard}. */
export interface MemoryReplayGuardOptions {
  /** Most ids held at once; default 100 000. */
  maxEntries?: number;
  /** Time source; default `() => new Date()`. */
  clock?: () => Date;
}

/**
 * In-process replay cache, bounded in size. Expired ids are evicted first (they can no longer pass
 * the expiry check, so forgetting them is safe). When the cache is full of unexpired ids it
 * refuses new ones (returns false) rather than forget a live id: failing closed under a flood.
 */
export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly clock: () => Date;

  constructor(options: MemoryReplayGuardOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Number of ids currently held. */
  get size(): number {
    return this.seen.size;
  }

  /** @inheritDoc */
  checkAndRemember(id: string, expiresAt: Date): boolean {
    const now = this.clock().getTime();
    const known = this.seen.get(id);
    if (known !== undefined && known > now) {
      return false;
    }
    if (known === undefined && this.seen.size >= this.maxEntries) {
      this.evictExpired(now);
      if (this.seen.size >= this.maxEntries) {
        return false;
      }
    }
    this.seen.set(id, expiresAt.getTime());
    return true;
  }

  private evictExpired(now: number): void {
    for (const [id, expiry] of this.seen) {
      if (expiry <= now) {
        this.seen.delete(id);
      }
    }
  }
}
