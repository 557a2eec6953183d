import { Pool } from 'undici';

/** Figures of one closed-loop load level. */
export interface LevelResult {
  readonly concurrency: number;
  readonly seconds: number;
  readonly completed: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  /** Error count per HTTP status / problem code / socket error, e.g. `503 AUDIT_UNAVAILABLE`. */
  readonly errorKinds: Readonly<Record<string, number>>;
}

/** One operation of a closed loop: resolves on success, rejects with a short error kind. */
export type Operation = () => Promise<void>;

/**
 * Runs `concurrency` workers that each start a new operation as soon as the previous one ends,
 * for `warmupMs` (discarded) and then `durationMs` (measured). A failed operation counts as an
 * error and does not stop its worker.
 */
export async function closedLoop(
  operation: Operation,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<LevelResult> {
  const started = performance.now();
  const measureFrom = started + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const t0 = performance.now();
      let failure: string | undefined;
      try {
        await operation();
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      const t1 = performance.now();
      if (t0 < measureFrom) {
        continue;
      }
      if (failure === undefined) {
        latencies.push(t1 - t0);
      } else {
        errors++;
        errorKinds[failure] = (errorKinds[failure] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Math.max(performance.now() - measureFrom, 1) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    seconds: round(seconds, 1),
    completed: latencies.length,
    perSecond: round(latencies.length / seconds, 0),
    p50Ms: round(quantile(latencies, 0.5), 1),
    p99Ms: round(quantile(latencies, 0.99), 1),
    maxMs: round(latencies.at(-1) ?? Number.NaN, 1),
    errors,
    errorKinds,
  };
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** What a look-up through the consumer HTTP API needs. */
export interface HttpLookupTarget {
  readonly service: string;
  readonly token: () => string;
  readonly purpose: { procedure: string; legalBasis: string; caseId: string };
  /** Personal ids to ask for, one picked at random per request. */
  readonly personalIds: readonly string[];
}

/**
 * `POST /v1/lookups/<service>` over a pool of keep-alive connections; resolves on 200 with a
 * FOUND or NOT_FOUND answer, rejects with `<status> <problem code>` otherwise.
 */
export function httpLookup(target: HttpLookupTarget, pool: Pool): Operation {
  const path = `/v1/lookups/${target.service}`;
  return async () => {
    const personalId = target.personalIds[Math.floor(Math.random() * target.personalIds.length)];
    let response: Awaited<ReturnType<Pool['request']>>;
    try {
      response = await pool.request({
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${target.token()}`,
        },
        body: JSON.stringify({ purpose: target.purpose, query: { personalId } }),
      });
    } catch (error) {
      throw new Error(`socket ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const text = await response.body.text();
    if (response.statusCode === 200 && /"status":"(FOUND|NOT_FOUND)"/.test(text)) {
      return;
    }
    const code = /"code":"([A-Z0-9_]+)"/.exec(text)?.[1] ?? 'no-code';
    throw new Error(`${response.statusCode} ${code}`);
  };
}

/**
 * A pool of `concurrency` keep-alive connections, one per worker. undici (the client behind
 * Node's fetch) rather than node:http: the load generator shares the machine with what it
 * measures, and costs about a third less CPU per request.
 */
export function connectionPool(baseUrl: string, concurrency: number): Pool {
  return new Pool(baseUrl, { connections: concurrency, pipelining: 1 });
}
