import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { observeProblems } from '@lienthong/errors';

/** Options of {@link metrics}.counter. */
export interface CounterOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
}

/** Options of {@link metrics}.histogram; `buckets` in seconds. */
export interface HistogramOptions<L extends string> extends CounterOptions<L> {
  readonly buckets?: readonly number[];
}

/** Options of {@link metrics}.gauge. */
export type GaugeOptions<L extends string> = CounterOptions<L>;

/**
 * Work done right before each scrape (reading a queue depth, a consumer's lag, an expiry): it sets
 * gauges. A source that fails or takes longer than {@link SCRAPE_SOURCE_TIMEOUT_MS} leaves its
 * gauges as they were and counts a failure; the scrape itself is always answered.
 */
export type ScrapeSource = () => Promise<void> | void;

/** How long one scrape source may take before the scrape goes on without it. */
export const SCRAPE_SOURCE_TIMEOUT_MS = 3_000;

const registry = new Registry();
let defaultsCollected = false;
const sources = new Map<string, Set<ScrapeSource>>();

function existing<T>(name: string, kind: new (...args: never[]) => T): T | undefined {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) {
    return undefined;
  }
  if (!(metric instanceof kind)) {
    throw new Error(`metric ${name} is already registered as another kind`);
  }
  return metric;
}

/**
 * A function returning the child of `metric` for the label values given in `labelNames` order,
 * made once per distinct combination and then reused: no label object is built or hashed per
 * call on a hot path (a look-up, an applied event). Label values must come from bounded sets
 * (codes, service codes, member codes), never from a request.
 */
export function labelledChildren<C>(metric: {
  labels(...values: string[]): C;
}): (...values: string[]) => C {
  const cache = new Map<string, C>();
  return (...values: string[]) => {
    const key = values.length === 1 ? values[0] : values.join('\u0000');
    let child = cache.get(key);
    if (child === undefined) {
      child = metric.labels(...values);
      cache.set(key, child);
    }
    return child;
  };
}

const scrapeFailures = new Counter<'source'>({
  name: 'lienthong_metrics_source_failures_total',
  help: 'Scrapes in which a source of gauges (a database or bus query) failed or timed out, by source',
  labelNames: ['source'],
  registers: [registry],
});

const refusals = new Counter<'channel' | 'code'>({
  name: 'lienthong_refusals_total',
  help: 'Requests this process refused, by channel (http: a problem+json answer; bus: a signed error reply) and stable error code',
  labelNames: ['channel', 'code'],
  registers: [registry],
});
const refusalOf = labelledChildren(refusals);

// every problem+json answer of this process (ProblemFilter) is a refusal over HTTP
observeProblems((code) => refusalOf('http', code).inc());

async function runSource(name: string, source: ScrapeSource): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(source),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${name} took too long`)),
          SCRAPE_SOURCE_TIMEOUT_MS,
        );
      }),
    ]);
  } catch {
    scrapeFailures.labels(name).inc();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Prometheus metrics of this process on one registry. Factories are idempotent by name, so a
 * module may declare its metrics at import time without clashing on re-import.
 */
export const metrics = {
  /** The registry behind `/metrics`. */
  registry,

  /** A counter, registered once per name. */
  counter<L extends string = string>(options: CounterOptions<L>): Counter<L> {
    const config: CounterConfiguration<L> = {
      name: options.name,
      help: options.help,
      labelNames: options.labelNames ?? [],
      registers: [registry],
    };
    return existing<Counter<L>>(options.name, Counter) ?? new Counter(config);
  },

  /** A gauge, registered once per name. */
  gauge<L extends string = string>(options: GaugeOptions<L>): Gauge<L> {
    const config: GaugeConfiguration<L> = {
      name: options.name,
      help: options.help,
      labelNames: options.labelNames ?? [],
      registers: [registry],
    };
    return existing<Gauge<L>>(options.name, Gauge) ?? new Gauge(config);
  },

  /** A histogram, registered once per name. */
  histogram<L extends string = string>(options: HistogramOptions<L>): Histogram<L> {
    const config: HistogramConfiguration<L> = {
      name: options.name,
      help: options.help,
      labelNames: options.labelNames ?? [],
      registers: [registry],
      ...(options.buckets ? { buckets: [...options.buckets] } : {}),
    };
    return existing<Histogram<L>>(options.name, Histogram) ?? new Histogram(config);
  },

  /**
   * Runs `source` before every scrape, under `name` (counted in
   * lienthong_metrics_source_failures_total when it fails); returns the function that removes it.
   */
  onScrape(name: string, source: ScrapeSource): () => void {
    let named = sources.get(name);
    if (named === undefined) {
      named = new Set();
      sources.set(name, named);
    }
    named.add(source);
    return () => {
      named.delete(source);
    };
  },

  /** Counts a refusal this process signed on the bus (a look-up's error reply, a document's). */
  busRefusal(code: string): void {
    refusalOf('bus', code).inc();
  },

  /** Adds the standard process/Node.js metrics (CPU, heap, event loop lag, GC) once. */
  collectDefaults(): void {
    if (!defaultsCollected) {
      collectDefaultMetrics({ register: registry });
      defaultsCollected = true;
    }
  },

  /** Content-Type of the `/metrics` response. */
  contentType: registry.contentType,

  /** The exposition text served on `/metrics`, after the scrape sources have run. */
  async metricsText(): Promise<string> {
    const running: Promise<void>[] = [];
    for (const [name, named] of sources) {
      for (const source of named) {
        running.push(runSource(name, source));
      }
    }
    await Promise.all(running);
    return registry.metrics();
  },
};
