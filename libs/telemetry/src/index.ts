export { createLogger, NestPinoLogger, type Logger, type LoggerOptions } from './logger';
export { metrics, type CounterOptions, type HistogramOptions } from './metrics';
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
