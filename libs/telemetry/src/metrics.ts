import {
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

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

const registry = new Registry();
let defaultsCollected = false;

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

  /** Adds the standard process/Node.js metrics (heap, event loop lag, GC) once. */
  collectDefaults(): void {
    if (!defaultsCollected) {
      collectDefaultMetrics({ register: registry });
      defaultsCollected = true;
    }
  },

  /** Content-Type of the `/metrics` response. */
  contentType: registry.contentType,

  /** The exposition text served on `/metrics`. */
  metricsText(): Promise<string> {
    return registry.metrics();
  },
};
