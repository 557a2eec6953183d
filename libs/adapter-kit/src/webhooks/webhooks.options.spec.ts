import { backoffMs, loadWebhooksOptions } from './webhooks.options';

describe('webhook backoff', () => {
  const options = { backoffBaseMs: 1000, backoffMaxMs: 600_000 };

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [10, 512_000],
    [11, 600_000],
    [50, 600_000],
  ])('waits base·2^(failures−1), capped: after %i failures %i ms', (failures, expected) => {
    expect(backoffMs(options, failures, () => 0)).toBe(expected);
  });

  it('adds at most 10 % jitter', () => {
    expect(backoffMs(options, 3, () => 0.999)).toBeLessThanOrEqual(4400);
    expect(backoffMs(options, 3, () => 0.999)).toBeGreaterThan(4000);
  });

  it('keeps retrying a receiver down for an hour with the defaults', () => {
    const defaults = loadWebhooksOptions({});
    let waited = 0;
    for (let failures = 1; failures < defaults.maxAttempts; failures += 1) {
      waited += backoffMs(defaults, failures, () => 0);
    }
    expect(waited).toBeGreaterThan(60 * 60_000);
  });

  it('refuses a setting out of range', () => {
    expect(() => loadWebhooksOptions({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow();
  });
});
