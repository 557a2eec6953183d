import { Writable } from 'node:stream';
import {
  SpanKind,
  createLogger,
  currentTraceId,
  extractTraceContext,
  injectTraceContext,
  instrumentationsFromEnv,
  metrics,
  startTelemetry,
  withSpan,
  type TelemetryShutdown,
} from '@lienthong/telemetry';

class MapCarrier {
  readonly values = new Map<string, string>();
  set(key: string, value: string): void {
    this.values.set(key, value);
  }
  get(key: string): string | undefined {
    return this.values.get(key);
  }
}

function captureLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('telemetry', () => {
  let shutdown: TelemetryShutdown;

  beforeAll(() => {
    shutdown = startTelemetry({ serviceName: 'telemetry-spec', exporter: 'none' });
  });

  afterAll(async () => {
    await shutdown();
  });

  it('keeps the trace id through inject and extract', async () => {
    const carrier = new MapCarrier();
    const producerTraceId = await withSpan('send x', { kind: SpanKind.PRODUCER }, () => {
      injectTraceContext(carrier);
      return currentTraceId();
    });
    expect(producerTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(carrier.get('traceparent')).toContain(producerTraceId);

    const consumerTraceId = await withSpan(
      'process x',
      { kind: SpanKind.CONSUMER, parent: extractTraceContext(carrier) },
      () => currentTraceId(),
    );
    expect(consumerTraceId).toBe(producerTraceId);
  });

  it('starts a fresh trace when the carrier has no traceparent', async () => {
    const traceId = await withSpan(
      'process y',
      { kind: SpanKind.CONSUMER, parent: extractTraceContext(new MapCarrier()) },
      () => currentTraceId(),
    );
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(currentTraceId()).toBeUndefined();
  });

  it('rethrows what the function throws', async () => {
    const failure = new Error('boom');
    await expect(
      withSpan('fails', { kind: SpanKind.INTERNAL }, () => Promise.reject(failure)),
    ).rejects.toBe(failure);
  });

  it('writes the active trace id on log lines and redacts credentials', async () => {
    const { stream, lines } = captureLines();
    const logger = createLogger({ name: 'spec', base: { agency: 'POP' }, destination: stream });
    const traceId = await withSpan('work', { kind: SpanKind.INTERNAL }, () => {
      logger.info({ headers: { authorization: 'Bearer abc' }, password: 'pw' }, 'inside');
      return currentTraceId();
    });
    logger.info('outside');

    const [inside, outside] = lines();
    expect(inside).toMatchObject({
      name: 'spec',
      agency: 'POP',
      level: 'info',
      msg: 'inside',
      trace_id: traceId,
      headers: { authorization: '[redacted]' },
      password: '[redacted]',
    });
    expect(inside?.['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(inside?.['time']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(outside).not.toHaveProperty('trace_id');
  });
});

describe('metrics', () => {
  it('returns the same counter for the same name and renders it', async () => {
    const counter = metrics.counter({
      name: 'spec_messages_total',
      help: 'messages seen by the spec',
      labelNames: ['outcome'],
    });
    expect(metrics.counter({ name: 'spec_messages_total', help: 'again' })).toBe(counter);
    counter.inc({ outcome: 'ack' }, 2);
    metrics.histogram({ name: 'spec_seconds', help: 'durations', buckets: [0.1, 1] }).observe(0.5);

    const text = await metrics.metricsText();
    expect(text).toContain('spec_messages_total{outcome="ack"} 2');
    expect(text).toContain('spec_seconds_bucket{le="1"} 1');
    expect(() => metrics.histogram({ name: 'spec_messages_total', help: 'x' })).toThrow(
      /another kind/,
    );
  });
});

describe('instrumentationsFromEnv', () => {
  const saved = process.env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'];
  afterEach(() => {
    if (saved === undefined) {
      delete process.env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'];
    } else {
      process.env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'] = saved;
    }
  });
  const names = (exporter: 'otlp' | 'console' | 'none') =>
    instrumentationsFromEnv(exporter).map((instrumentation) => {
      instrumentation.disable(); // made enabled: nothing of this process is to stay patched
      return instrumentation.instrumentationName;
    });

  it('loads http and pg when spans are exported, nothing when they are not', () => {
    delete process.env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'];
    expect(names('otlp')).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-pg',
    ]);
    expect(names('none')).toEqual([]);
  });

  it('loads what the operator names, exported or not', () => {
    process.env['OTEL_NODE_ENABLED_INSTRUMENTATIONS'] = 'express, pg, kafka';
    expect(names('none')).toEqual([
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-pg',
    ]);
  });
});
