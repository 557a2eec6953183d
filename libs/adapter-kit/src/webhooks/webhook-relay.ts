import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BusRuntime } from '../core/bus-runtime';
import { RelayLoop } from '../core/relay-loop';
import { WebhookRepository, type ClaimedDelivery } from './webhook.repository';
import { signWebhookRequest } from './webhook-signature';
import { WEBHOOKS_OPTIONS } from './webhooks.constants';
import { backoffMs, type WebhooksOptions } from './webhooks.options';

/** What one attempt at a receiver gave. */
interface AttemptOutcome {
  readonly ok: boolean;
  readonly status: number | null;
  readonly error?: string;
}

/** What one relay round did. */
export interface WebhookRound {
  readonly claimed: number;
  readonly delivered: number;
  readonly failed: number;
  readonly dead: number;
}

/**
 * Pushes the webhook outbox to the agency's receivers. A round claims due deliveries (a lease,
 * SKIP LOCKED: replicas share the work and a crash mid-attempt only delays a delivery), signs
 * each POST afresh (RFC 9421, the adapter's key) over the stored body bytes, and counts a 2xx
 * answer as delivered. Anything else — a refused connection, a timeout, a 3xx (redirects are
 * never followed), a 4xx or 5xx — is a failed attempt, retried after an exponential backoff,
 * and dead-lettered after `maxAttempts` (kept with its last error for the operator, who can
 * queue it again). Delivery is at least once: the receiver dedupes on the delivery id.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: RelayLoop;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly runtime: BusRuntime,
    private readonly repository: WebhookRepository,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
  ) {
    this.loop = new RelayLoop({
      round: () => this.relayOnce(),
      batch: options.batch,
      onError: (error) => runtime.logger.warn({ err: error }, 'webhook round failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.loop.stop();
  }

  /** Starts a round now, or right after the one in progress. */
  wake(): void {
    this.loop.wake();
  }

  /** Runs rounds until none is due or one fails; resolves when idle. */
  flush(): Promise<void> {
    return this.loop.flush();
  }

  /** One round: claim what is due, attempt each delivery, record the outcomes. */
  async relayOnce(): Promise<WebhookRound> {
    // the lease outlasts an attempt: a live relay always records its outcome before it ends
    const lease = Math.ceil((2 * this.options.timeoutMs) / 1000) + 30;
    const claimed = await this.repository.claimDue(this.options.batch, lease);
    const outcomes = await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    let delivered = 0;
    let dead = 0;
    for (const [i, outcome] of outcomes.entries()) {
      const delivery = claimed[i];
      if (outcome.ok) {
        delivered += 1;
        await this.repository.markDelivered(delivery.id, outcome.status ?? 200);
        continue;
      }
      const failures = delivery.attempts + 1;
      const isDead = failures >= this.options.maxAttempts;
      dead += isDead ? 1 : 0;
      await this.repository.markFailed({
        id: delivery.id,
        status: outcome.status,
        error: outcome.error ?? 'failed',
        retryInMs: backoffMs(this.options, failures),
        dead: isDead,
      });
      const log = { deliveryId: delivery.id, topic: delivery.topic, attempts: failures };
      if (isDead) {
        this.runtime.logger.error(
          { ...log, reason: outcome.error },
          'webhook delivery dead-lettered',
        );
      } else {
        this.runtime.logger.warn({ ...log, reason: outcome.error }, 'webhook delivery failed');
      }
    }
    const failed = claimed.length - delivered;
    return { claimed: claimed.length, delivered, failed, dead };
  }

  private async attempt(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    try {
      const signed = await signWebhookRequest(this.runtime.signer, {
        url: delivery.url,
        deliveryId: delivery.id,
        topic: delivery.topic,
        body: delivery.body,
      });
      const response = await fetch(signed.url, {
        method: 'POST',
        headers: signed.headers,
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      // the receiver's answer body is not read: only its status counts
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) {
        return { ok: true, status: response.status };
      }
      return { ok: false, status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, status: null, error: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}
