import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Random bytes drawn from the system at a time: the random parts of 256 ids. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** 16 fresh random bytes, from a pool refilled from the system CSPRNG. */
function pooledRandom(): Uint8Array {
  if (offset + 16 > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  offset += 16;
  return pool.subarray(offset - 16, offset);
}

/**
 * A new UUIDv7 message id for `msecs` (default now). The uuid package draws its random bytes
 * with WebCrypto's getRandomValues on every id, which costs more than the rest of the id and
 * showed in the profiles of every sealed message; here they come from a pool of 4 KiB filled by
 * `crypto.randomFillSync`. Ids are identifiers, not secrets: only their uniqueness matters.
 */
export function newMessageId(msecs: number = Date.now()): string {
  return uuidv7({ msecs, rng: pooledRandom });
}
