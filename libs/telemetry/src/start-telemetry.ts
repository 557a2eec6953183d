import { readEnv } from '@lienthong/config';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { metrics } from './metrics';

/** Where finished spans go: an OTLP/HTTP collector, stdout, or nowhere (ids still exist for logs). */
export type TraceExporterKind = 'otlp' | 'console' | 'none';

/** Options of {@link startTelemetry}. */
export interface TelemetryOptions {
  /** `service.name` of every span, e.g. `population-adapter`. */
  readonly serviceName: string;
  /** Bus member code of the agency this process serves, recorded as resource attribute `bus.member`. */
  readonly member?: string;
  /** Overrides the exporter chosen from OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_TRACES_EXPORTER. */
  readonly exporter?: TraceExporterKind;
}

/** Flushes pending spans and unregisters the SDK. */
export type TelemetryShutdown = () => Promise<void>;

let running: { provider: NodeTracerProvider; shutdown: TelemetryShutdown } | undefined;

/** Picks the exporter from the standard OTel variables operators already know. */
export function exporterFromEnv(): TraceExporterKind {
  if (readEnv('OTEL_TRACES_EXPORTER') === 'console') {
    return 'console';
  }
  return readEnv('OTEL_EXPORTER_OTLP_ENDPOINT') ? 'otlp' : 'none';
}

function spanProcessorFor(kind: TraceExporterKind): SpanProcessor {
  switch (kind) {
    case 'otlp':
      // the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT/HEADERS itself, as operators expect
      return new BatchSpanProcessor(new OTLPTraceExporter());
    case 'console':
      return new SimpleSpanProcessor(new ConsoleSpanExporter());
    case 'none':
      // a tracer provider must exist for spans to get ids, even when nothing is exported
      return new NoopSpanProcessor();
  }
}

const INSTRUMENTATIONS = {
  http: () => new HttpInstrumentation(),
  express: () => new ExpressInstrumentation(),
  pg: () => new PgInstrumentation(),
} as const;

/**
 * The library instrumentations to load, from the standard `OTEL_NODE_ENABLED_INSTRUMENTATIONS`
 * (comma list of http, express, pg). Default http and pg when spans are exported: the bus's own
 * spans already cover every message hop, and express middleware spans cost CPU on every request
 * for little insight. Default none when nothing is exported: an instrumentation wraps every HTTP
 * request and SQL statement (an eighth of a busy consumer adapter's CPU, docs/performance.md) to
 * make spans nobody sees; the bus's own spans still give every message its trace id.
 */
export function instrumentationsFromEnv(
  exporter: TraceExporterKind = exporterFromEnv(),
): (HttpInstrumentation | ExpressInstrumentation | PgInstrumentation)[] {
  const names = (
    readEnv('OTEL_NODE_ENABLED_INSTRUMENTATIONS') ?? (exporter === 'none' ? '' : 'http,pg')
  )
    .split(',')
    .map((name) => name.trim())
    .filter((name): name is keyof typeof INSTRUMENTATIONS => name in INSTRUMENTATIONS);
  return names.map((name) => INSTRUMENTATIONS[name]());
}

/**
 * Starts OpenTelemetry tracing. Call it from `instrument.ts`, the first import of `main.ts`, so
 * that http/express/pg are patched before they are loaded. Calling it again returns the shutdown
 * of the provider already running (one per process).
 *
 * The trace SDK alone (`NodeTracerProvider`: AsyncLocalStorage context, W3C trace context and
 * baggage propagation) rather than `@opentelemetry/sdk-node`: logs go through pino and metrics
 * through prom-client, and the full Node SDK loads the exporters, detectors and configuration
 * schema of every other signal, about 20 MiB of every app's memory (docs/performance.md). The
 * resource holds the standard defaults, what OTel's env detector reads (`OTEL_RESOURCE_ATTRIBUTES`),
 * `service.name` and `bus.member`.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryShutdown {
  if (running) {
    return running.shutdown;
  }
  // the process's own figures (CPU, memory, event loop delay, GC, handles) on `/metrics`
  metrics.collectDefaults();
  const exporter = options.exporter ?? exporterFromEnv();
  const provider = new NodeTracerProvider({
    // Spans exported nowhere need not be recorded: unsampled spans still carry trace and span ids
    // (log lines, audit records, traceparent on the bus) at a fraction of the CPU
    // (docs/performance.md). OTEL_TRACES_SAMPLER, when set, decides as the SDK documents.
    ...(exporter === 'none' && !readEnv('OTEL_TRACES_SAMPLER')
      ? { sampler: new AlwaysOffSampler() }
      : {}),
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(
        resourceFromAttributes({
          [ATTR_SERVICE_NAME]: options.serviceName,
          ...(options.member ? { 'bus.member': options.member } : {}),
        }),
      ),
    spanProcessors: [spanProcessorFor(exporter)],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: instrumentationsFromEnv(exporter),
  });
  const shutdown: TelemetryShutdown = async () => {
    if (running?.provider === provider) {
      running = undefined;
      unregister();
      await provider.shutdown();
    }
  };
  running = { provider, shutdown };
  return shutdown;
}
