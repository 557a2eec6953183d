import { Writable } from 'node:stream';
import type { ArgumentsHost } from '@nestjs/common';
import { CommonError, ProblemFilter } from '@lienthong/errors';
import {
  SpanKind,
  createLogger,
  currentTraceId,
  extractTraceContext,
  injectTraceContext,
  instrumentationsFromEnv,
  SCRAPE_SOURCE_TIMEOUT_MS,
  labelledChildren,
  metrics,
  setCertificateExpiry,
  setConfiguration,
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

describe('metrics: cached children, scrape sources, refusals, trust gauges', () => {
  it('gives the same child for the same label values, and distinct ones otherwise', async () => {
    const counter = metrics.counter<'side' | 'code'>({
      name: 'spec_children_total',
      help: 'children',
      labelNames: ['side', 'code'],
    });
    const child = labelledChildren(counter);
    expect(child('a', 'X')).toBe(child('a', 'X'));
    expect(child('a', 'X')).not.toBe(child('a', 'Y'));
    child('a', 'X').inc();
    child('a', 'X').inc();
    child('b', 'X').inc();
    const text = await metrics.metricsText();
    expect(text).toContain('spec_children_total{side="a",code="X"} 2');
    expect(text).toContain('spec_children_total{side="b",code="X"} 1');
    expect(text).not.toContain('spec_children_total{side="a",code="Y"} 1');
  });

  it('runs scrape sources before rendering, counts a failing or slow one and still answers', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const gauge = metrics.gauge({ name: 'spec_depth', help: 'depth' });
      let depth = 3;
      const stopGood = metrics.onScrape('spec-good', () => {
        gauge.set(depth);
      });
      const stopBad = metrics.onScrape('spec-bad', () => Promise.reject(new Error('down')));
      const stopSlow = metrics.onScrape('spec-slow', () => new Promise<void>(() => undefined));
      const rendering = metrics.metricsText();
      await jest.advanceTimersByTimeAsync(SCRAPE_SOURCE_TIMEOUT_MS + 1);
      const text = await rendering;
      expect(text).toContain('spec_depth 3');
      expect(text).toContain('lienthong_metrics_source_failures_total{source="spec-bad"} 1');
      expect(text).toContain('lienthong_metrics_source_failures_total{source="spec-slow"} 1');
      stopBad();
      stopSlow();
      depth = 5;
      expect(await metrics.metricsText()).toContain('spec_depth 5');
      stopGood();
      depth = 7;
      expect(await metrics.metricsText()).toContain('spec_depth 5');
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts bus refusals and every problem a ProblemFilter answers, by code', async () => {
    metrics.busRefusal('ACCESS_DENIED');
    const response = {
      status: () => response,
      type: () => response,
      send: () => response,
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ originalUrl: '/v1/x', method: 'GET' }),
        getResponse: () => response,
      }),
    };
    new ProblemFilter().catch(
      new CommonError('REQUEST_INVALID', 'bad'),
      host as unknown as ArgumentsHost,
    );
    const text = await metrics.metricsText();
    expect(text).toContain('lienthong_refusals_total{channel="bus",code="ACCESS_DENIED"} 1');
    expect(text).toContain('lienthong_refusals_total{channel="http",code="REQUEST_INVALID"} 1');
  });

  it('exports the configuration’s expiry only once one is held, and certificate expiry in seconds', async () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    setConfiguration(undefined, now);
    let text = await metrics.metricsText();
    expect(text).toContain('lienthong_configuration_version 0');
    expect(text).not.toContain('lienthong_configuration_expires_in_seconds ');
    setConfiguration(
      { version: 7, issuedAt: '2026-11-30T23:59:00Z', expiresAt: '2026-12-01T00:09:00Z' },
      now,
    );
    setCertificateExpiry('signing', new Date('2026-12-31T00:00:00Z'), now);
    text = await metrics.metricsText();
    expect(text).toContain('lienthong_configuration_version 7');
    expect(text).toContain('lienthong_configuration_age_seconds 60');
    expect(text).toContain('lienthong_configuration_expires_in_seconds 540');
    expect(text).toContain(
      'lienthong_certificate_expires_in_seconds{certificate="signing"} 2592000',
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
