import { loadConfig, type EnvSchema } from '@lienthong/config';

/** Tuning of the webhook relay of one adapter. */
export interface WebhooksOptions {
  /** How often the relay looks for due deliveries, ms (it is also woken after each commit). */
  readonly pollMs: number;
  /** Most deliveries one round attempts. */
  readonly batch: number;
  /** Time a receiver has to answer one attempt, ms. */
  readonly timeoutMs: number;
  /** Failed attempts after which a delivery is dead-lettered. */
  readonly maxAttempts: number;
  /** Delay after the first failure, ms; doubled after each further one. */
  readonly backoffBaseMs: number;
  /** Longest delay between two attempts, ms. */
  readonly backoffMaxMs: number;
}

interface WebhooksEnv {
  WEBHOOK_POLL_MS: number;
  WEBHOOK_BATCH: number;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_MAX_ATTEMPTS: number;
  WEBHOOK_BACKOFF_BASE_MS: number;
  WEBHOOK_BACKOFF_MAX_MS: number;
}

const schema: EnvSchema<WebhooksEnv> = {
  type: 'object',
  properties: {
    WEBHOOK_POLL_MS: { type: 'integer', minimum: 50, maximum: 600_000, default: 1000 },
    WEBHOOK_BATCH: { type: 'integer', minimum: 1, maximum: 500, default: 32 },
    WEBHOOK_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 120_000, default: 10_000 },
    WEBHOOK_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    WEBHOOK_BACKOFF_BASE_MS: { type: 'integer', minimum: 10, maximum: 3_600_000, default: 1000 },
    WEBHOOK_BACKOFF_MAX_MS: {
      type: 'integer',
      minimum: 10,
      maximum: 86_400_000,
      default: 600_000,
    },
  },
  required: [
    'WEBHOOK_POLL_MS',
    'WEBHOOK_BATCH',
    'WEBHOOK_TIMEOUT_MS',
    'WEBHOOK_MAX_ATTEMPTS',
    'WEBHOOK_BACKOFF_BASE_MS',
    'WEBHOOK_BACKOFF_MAX_MS',
  ],
  additionalProperties: false,
};

/**
 * Reads the relay's tuning from the environment. The defaults (1 s doubling to 10 min, dead after
 * 20 failed attempts) keep retrying a receiver for about 1 h 47 min before dead-lettering.
 */
export function loadWebhooksOptions(
  source?: Readonly<Record<string, string | undefined>>,
): WebhooksOptions {
  return loadConfig(
    schema,
    (env) => ({
      pollMs: env.WEBHOOK_POLL_MS,
      batch: env.WEBHOOK_BATCH,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      backoffBaseMs: env.WEBHOOK_BACKOFF_BASE_MS,
      backoffMaxMs: env.WEBHOOK_BACKOFF_MAX_MS,
    }),
    source,
  );
}

/**
 * Delay before the attempt that follows `failures` failed ones: base·2^(failures−1), at most
 * `backoffMaxMs`, plus up to 10 % jitter so that receivers coming back are not hit in lockstep.
 */
export function backoffMs(
  options: Pick<WebhooksOptions, 'backoffBaseMs' | 'backoffMaxMs'>,
  failures: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const delay = Math.min(options.backoffBaseMs * 2 ** exponent, options.backoffMaxMs);
  return Math.round(delay * (1 + 0.1 * random()));
}
