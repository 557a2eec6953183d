import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export { SpanKind, type Attributes, type Context, type Span };

/** Something headers can be written to (NATS headers, HTTP headers, a plain record). */
export interface TraceCarrierSetter {
  set(key: string, value: string): void;
}

/** Something headers can be read from. */
export interface TraceCarrierGetter {
  get(key: string): string | undefined;
}

/*
 * The W3C propagator is used directly rather than the global one, so traceparent/tracestate travel
 * on the bus even in processes (tests, CLIs) that never started the SDK.
 */
const propagator = new W3CTraceContextPropagator();
const setter: TextMapSetter<TraceCarrierSetter> = {
  set: (target, key, value) => target.set(key, value),
};
const getter: TextMapGetter<TraceCarrierGetter> = {
  get: (source, key) => source.get(key) || undefined,
  keys: () => ['traceparent', 'tracestate'],
};
const TRACER_NAME = '@lienthong/telemetry';

/** Writes `traceparent`/`tracestate` of the given (default: active) context into the carrier. */
export function injectTraceContext(
  carrier: TraceCarrierSetter,
  from: Context = context.active(),
): void {
  propagator.inject(from, carrier, setter);
}

/** Reads `traceparent`/`tracestate` from the carrier; returns a context to use as a span parent. */
export function extractTraceContext(carrier: TraceCarrierGetter): Context {
  return propagator.extract(ROOT_CONTEXT, carrier, getter);
}

/** Options of {@link withSpan}. */
export interface SpanOptions {
  readonly kind: SpanKind;
  readonly attributes?: Attributes;
  /** Parent context, e.g. from {@link extractTraceContext}; default: the active context. */
  readonly parent?: Context;
}

/**
 * Runs `fn` inside a new active span. A thrown error is recorded on the span, the status set to
 * ERROR, and the error rethrown unchanged; the span always ends.
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  } finally {
    span.end();
  }
}

/** Trace id of the active span, or undefined outside any (valid) span. */
export function currentTraceId(): string | undefined {
  return currentSpanIds()?.traceId;
}

/** Trace and span id of the active span, or undefined outside any (valid) span. */
export function currentSpanIds(): { traceId: string; spanId: string } | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) {
    return undefined;
  }
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}
