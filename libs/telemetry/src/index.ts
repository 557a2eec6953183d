export { createLogger, NestPinoLogger, type Logger, type LoggerOptions } from './logger';
export { setCertificateExpiry, setConfiguration } from './trust-metrics';
export {
  SCRAPE_SOURCE_TIMEOUT_MS,
  labelledChildren,
  metrics,
  type CounterOptions,
  type GaugeOptions,
  type HistogramOptions,
  type ScrapeSource,
} from './metrics';
export {
  exporterFromEnv,
  instrumentationsFromEnv,
  startTelemetry,
  type TelemetryOptions,
  type TelemetryShutdown,
  type TraceExporterKind,
} from './start-telemetry';
export {
  SpanKind,
  currentSpanIds,
  currentTraceId,
  extractTraceContext,
  injectTraceContext,
  withSpan,
  type Attributes,
  type Context,
  type Span,
  type SpanOptions,
  type TraceCarrierGetter,
  type TraceCarrierSetter,
} from './trace-context';
