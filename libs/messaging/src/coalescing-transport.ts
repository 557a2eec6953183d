import { NodeTransport } from '@nats-io/transport-node/lib/node_transport';

/** Pending bytes at which frames are written at once instead of at the end of the turn. */
export const COALESCE_FLUSH_BYTES = 64 * 1024;

/**
 * nats.js's TCP transport with its writes coalesced per event-loop turn. nats.js flushes its
 * outbound buffer on a microtask, so every request, reply or publish that an HTTP request, a
 * database answer or a timer produces leaves in a socket write of its own; on a busy adapter
 * each of those writes (and the wake-up of nats-server it causes) costs more than signing the
 * message (docs/performance.md, "Fewer socket writes"). Here the frames of one turn are joined
 * and written once, in the check phase that follows the poll phase in which they were produced:
 * the order on the wire is unchanged and nothing waits longer than the rest of the current turn.
 * A turn that produces more than {@link COALESCE_FLUSH_BYTES} writes as it goes.
 */
export class CoalescingTransport extends NodeTransport {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private readonly flushOnImmediate = () => {
    this.scheduled = false;
    this.flushFrames();
  };

  override send(frame: Uint8Array): void {
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    if (this.pendingBytes >= COALESCE_FLUSH_BYTES) {
      this.flushFrames();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushOnImmediate);
    }
  }

  /** Writes what is pending before the socket closes (a drain's last publishes and PING). */
  override close(err?: Error): Promise<void> {
    this.flushFrames();
    return super.close(err);
  }

  private flushFrames(): void {
    if (this.pending.length === 0) {
      return;
    }
    const frames = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    super.send(frames.length === 1 ? frames[0] : Buffer.concat(frames, bytes));
  }
}
