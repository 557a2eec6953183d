import { readEnv } from '@lienthong/config';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';

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

let running: { sdk: NodeSDK; shutdown: TelemetryShutdown } | undefined;

/** Picks the exporter from the standard OTel variables operators already know. */
export function exporterFromEnv(): TraceExporterKind {
  if (readEnv('OTEL_TRACES_EXPORTER') === 'console') {
    return 'console';
  }
  return readEnv('OTEL_EXPORTER_OTLP_ENDPOINT') ? 'otlp' : 'none';
}

function spanProcessorFor(kind: TraceExporterKind): tracing.SpanProcessor {
  switch (kind) {
    case 'otlp':
      // the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT/HEADERS itself, as operators expect
      return new tracing.BatchSpanProcessor(new OTLPTraceExporter());
    case 'console':
      return new tracing.SimpleSpanProcessor(new tracing.ConsoleSpanExporter());
    case 'none':
      // a tracer provider must exist for spans to get ids, even when nothing is exported
      return new tracing.NoopSpanProcessor();
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
 * Starts the OpenTelemetry Node SDK. Call it from `instrument.ts`, the first import of `main.ts`,
 * so that http/express/pg are patched before they are loaded. Calling it again returns the
 * shutdown of the SDK already running (one SDK per process).
 */
export function startTelemetry(options: TelemetryOptions): TelemetryShutdown {
  if (running) {
    return running.shutdown;
  }
  const exporter = options.exporter ?? exporterFromEnv();
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    // Spans exported nowhere need not be recorded: unsampled spans still carry trace and span ids
    // (log lines, audit records, traceparent on the bus) at a fraction of the CPU
    // (docs/performance.md). OTEL_TRACES_SAMPLER, when set, decides as the SDK documents.
    ...(exporter === 'none' && !readEnv('OTEL_TRACES_SAMPLER')
      ? { sampler: new tracing.AlwaysOffSampler() }
      : {}),
    resource: resourceFromAttributes(options.member ? { 'bus.member': options.member } : {}),
    spanProcessors: [spanProcessorFor(exporter)],
    // logs go through pino and metrics through prom-client: stop the SDK defaulting to OTLP for them
    logRecordProcessors: [],
    metricReaders: [],
    instrumentations: instrumentationsFromEnv(exporter),
  });
  sdk.start();
  const shutdown: TelemetryShutdown = async () => {
    if (running?.sdk === sdk) {
      running = undefined;
      await sdk.shutdown();
    }
  };
  running = { sdk, shutdown };
  return shutdown;
}
