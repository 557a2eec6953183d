// Real: the whole local stack exactly as `npm start` runs it, each app in its own process (trust,
// the five agency adapters, audit, console, identity provider; nats-server with TLS, PostgreSQL),
// and a real Prometheus server (Debian's) scraping every app's /metrics each second with the
// alert rules of deploy/monitoring loaded. Mocked: nothing. A short scenario runs against the
// stack; Prometheus, which parses the exposition format, must then show each counter moved as the
// scenario says, and `promtool check metrics` must find nothing to object to in any exposition.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, FormData, fetch } from 'undici';
import { eventually } from '@lienthong/testing';
import { startLocalStack, type RunningStack } from '../tools/console/local-stack';
import {
  assertPrometheusInstalled,
  startPrometheus,
  type RunningPrometheus,
} from './support/prometheus';

const STACK_START_MS = 200_000;
/** Scrape job of each app (the `job` label). */
const JOBS = {
  TRUST: 'trust',
  POP: 'population',
  BIZ: 'business-registry',
  CIV: 'civil-status',
  INS: 'insurance',
  NCC: 'configured-adapter',
  AUDIT: 'audit',
  CONSOLE: 'console',
} as const;
const PROM_CLIENT_NAMES = /^nodejs_active_(handles|requests|resources)_total non-counter metrics/;
/** A connection per request: no race with a server closing an idle kept-alive socket. */
const dispatcher = new Agent({ pipelining: 0 });
const ADAPTER_JOBS = [
  'population',
  'business-registry',
  'civil-status',
  'insurance',
  'configured-adapter',
  'audit',
];

describe('metrics: every app’s /metrics, scraped by Prometheus, after a scenario on the real stack', () => {
  let stack: RunningStack;
  let prometheus: RunningPrometheus;

  const url = (app: string, path: string) => `http://127.0.0.1:${stack.ports[app]}${path}`;

  /** A token minted the way the README does (`lt token`), from the stack's own keys. */
  function token(member: string, sub: string): string {
    return execFileSync(
      process.execPath,
      [
        join(__dirname, '../dist/tools/cli/main.js'),
        'token',
        '--role',
        'officer',
        '--member',
        member,
        '--sub',
        sub,
      ],
      { env: { ...process.env, LT_DATA_DIR: stack.dataDir }, encoding: 'utf8' },
    ).trim();
  }

  async function call(
    app: string,
    path: string,
    bearer: string,
    init: { json?: unknown; form?: FormData } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(url(app, path), {
      dispatcher,
      method: init.json !== undefined || init.form ? 'POST' : 'GET',
      headers: {
        Authorization: `Bearer ${bearer}`,
        ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
      ...(init.form ? { body: init.form } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    assertPrometheusInstalled();
    stack = await startLocalStack();
    prometheus = await startPrometheus(
      Object.fromEntries(
        Object.entries(JOBS).map(([app, job]) => [job, `127.0.0.1:${stack.ports[app]}`]),
      ),
      [join(__dirname, '../deploy/monitoring/alerts.yml')],
    );
    // every app scraped at least once
    await eventually(
      async () => {
        const up = await prometheus.sum('up');
        if (up !== Object.keys(JOBS).length) {
          throw new Error(`${up} of ${Object.keys(JOBS).length} apps scraped`);
        }
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  }, STACK_START_MS);

  afterAll(async () => {
    await prometheus?.stop();
    await stack?.stop();
  }, 60_000);

  it('each exposition follows the Prometheus conventions (promtool check metrics)', async () => {
    for (const app of Object.keys(JOBS)) {
      const response = await fetch(url(app, '/metrics'), { dispatcher });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const check = spawnSync('promtool', ['check', 'metrics'], {
        input: await response.text(),
        encoding: 'utf8',
      });
      // prom-client's own default gauges nodejs_active_{handles,requests,resources}_total carry
      // a _total suffix; they are the library's names, kept so that its dashboards work
      const problems = `${check.stdout}${check.stderr}`
        .split('\n')
        .filter((line) => line.trim() !== '' && !PROM_CLIENT_NAMES.test(line));
      expect({ app, problems }).toEqual({ app, problems: [] });
    }
  });

  it('counts look-ups, a refusal, a birth’s events and a document, and holds no personal data', async () => {
    // the baseline here, not in beforeAll: a retried test measures its own run only
    const watched = {
      civFound:
        'lienthong_lookups_total{job="civil-status",side="consumer",service="citizen-by-id",peer="POP/registry",outcome="FOUND"}',
      civRefused:
        'lienthong_lookups_total{job="civil-status",side="consumer",service="citizen-by-id",peer="POP/registry",outcome="ACCESS_PURPOSE_NOT_ALLOWED"}',
      popFound:
        'lienthong_lookups_total{job="population",side="provider",service="citizen-by-id",peer="CIV/registry",outcome="FOUND"}',
      popRefused:
        'lienthong_lookups_total{job="population",side="provider",service="citizen-by-id",peer="CIV/registry",outcome="ACCESS_PURPOSE_NOT_ALLOWED"}',
      civDurations:
        'lienthong_lookup_duration_seconds_count{job="civil-status",side="consumer",service="citizen-by-id"}',
      popDurations:
        'lienthong_lookup_duration_seconds_count{job="population",side="provider",service="citizen-by-id"}',
      popBusRefusals:
        'lienthong_refusals_total{job="population",channel="bus",code="ACCESS_PURPOSE_NOT_ALLOWED"}',
      civHttpRefusals:
        'lienthong_refusals_total{job="civil-status",channel="http",code="ACCESS_PURPOSE_NOT_ALLOWED"}',
      civPublished: 'lienthong_events_published_total{job="civil-status",type="birth-registered"}',
      popPublished: 'lienthong_events_published_total{job="population",type="citizen-created"}',
      insPublished: 'lienthong_events_published_total{job="insurance",type="card-issued"}',
      popApplied:
        'lienthong_events_applied_total{job="population",type="birth-registered",result="applied"}',
      insApplied:
        'lienthong_events_applied_total{job="insurance",type="citizen-created",result="applied"}',
      civApplied:
        'lienthong_events_applied_total{job="civil-status",type="citizen-created",result="applied"}',
      deadLettered: 'lienthong_events_dead_lettered_total',
      appended: 'lienthong_audit_records_total{job="audit",result="appended"}',
      logSize: 'lienthong_audit_log_records{job="audit"}',
    } as const;
    type Watched = keyof typeof watched;
    const read = async () => {
      const values = {} as Record<Watched, number>;
      for (const [key, expr] of Object.entries(watched)) {
        values[key as Watched] = await prometheus.sum(expr);
      }
      return values;
    };
    const before = await read();

    const officer = token('CIV', 'cb-tuphap-01');
    const purpose = { procedure: 'KHAI-SINH-LT', legalBasis: 'nd-63-2024' };
    const adult = stack.samples.adult;

    // 1. a look-up answered, and one the provider refuses (a procedure the right does not allow)
    const found = await call('CIV', '/v1/lookups/citizen-by-id', officer, {
      json: { purpose: { ...purpose, caseId: 'HS-2026-METRICS-1' }, query: { personalId: adult } },
    });
    expect(found.status).toBe(200);
    const record = found.body['record'] as { birthRegistrationCommune: string };
    const refused = await call('CIV', '/v1/lookups/citizen-by-id', officer, {
      json: {
        purpose: { ...purpose, procedure: 'KHONG-DUOC-PHEP', caseId: 'HS-2026-METRICS-2' },
        query: { personalId: adult },
      },
    });
    expect(refused.status).toBe(403);
    expect(refused.body['code']).toBe('ACCESS_PURPOSE_NOT_ALLOWED');

    // 2. a birth: CIV verifies the father (a third look-up) and publishes birth-registered; POP
    // applies it and publishes citizen-created, which INS (a card) and CIV (the dossier) apply
    const birthDate = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const birth = await call('CIV', '/v1/births', officer, {
      json: {
        communeCode: record.birthRegistrationCommune,
        child: { fullName: 'Phạm Minh An', sex: 'MALE', birthDate, placeOfBirth: 'Bệnh viện' },
        fatherPersonalId: adult,
      },
    });
    expect(birth.status).toBe(202);

    // 3. a document from BIZ to INS, which INS accepts (status 03 back to BIZ)
    const form = new FormData();
    form.set(
      'metadata',
      JSON.stringify({
        recipients: ['INS'],
        header: {
          code: { number: String(Date.now() % 100_000), notation: 'BKHĐT-ĐKKD' },
          promulgation: { place: 'Hà Nội', date: new Date().toISOString().slice(0, 10) },
          documentType: { type: 1, typeName: 'Công văn' },
          subject: 'V/v theo dõi số liệu vận hành',
          signer: { position: 'Thứ trưởng', fullName: 'Nguyễn Văn B' },
        },
      }),
    );
    form.set(
      'main',
      new Blob([Buffer.from('%PDF-1.4\n% metrics e2e\n')], { type: 'application/pdf' }),
      'cong-van.pdf',
    );
    const sent = await call('BIZ', '/v1/documents', token('BIZ', 'van-thu-01'), { form });
    expect(sent.status).toBe(201);
    const insOfficer = token('INS', 'van-thu-01');
    const copy = await eventually(async () => {
      const list = await call('INS', '/v1/documents?direction=incoming', insOfficer);
      const item = (list.body['items'] as { id: string; documentId: string }[]).find(
        (d) => d.documentId === sent.body['documentId'],
      );
      expect(item).toBeDefined();
      return item as { id: string };
    });
    const accepted = await call('INS', `/v1/documents/${copy.id}/status`, insOfficer, {
      json: { code: '03' },
    });
    expect(accepted.status).toBeLessThan(300);

    // what Prometheus scraped once the events and statuses have gone round
    const delta = await eventually(
      async () => {
        const now = await read();
        const moved = (key: Watched) => now[key] - before[key];
        expect(moved('popApplied')).toBe(1);
        expect(moved('insApplied')).toBe(1);
        expect(moved('civApplied')).toBe(1);
        expect(
          await prometheus.sum(
            'lienthong_documents{job="business-registry",direction="outgoing",status="03"}',
          ),
        ).toBeGreaterThanOrEqual(1);
        expect(
          await prometheus.sum(
            'lienthong_documents{job="insurance",direction="incoming",status="03"}',
          ),
        ).toBeGreaterThanOrEqual(1);
        return moved;
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );

    // look-ups on both sides, by service, peer and outcome: the officer's two and the father's
    expect(delta('civFound')).toBe(2);
    expect(delta('civRefused')).toBe(1);
    expect(delta('popFound')).toBe(2);
    expect(delta('popRefused')).toBe(1);
    expect(delta('civDurations')).toBe(3);
    expect(delta('popDurations')).toBe(3);
    expect(
      await prometheus.sum(
        'histogram_quantile(0.99, sum by (le) (lienthong_lookup_duration_seconds_bucket{job="civil-status"}))',
      ),
    ).toBeGreaterThan(0);
    // the refusal: signed on the bus by POP, answered as problem+json by CIV
    expect(delta('popBusRefusals')).toBe(1);
    expect(delta('civHttpRefusals')).toBe(1);

    // events published (acknowledged by the stream) by type; nothing dead-lettered
    expect(delta('civPublished')).toBe(1);
    expect(delta('popPublished')).toBe(1);
    expect(delta('insPublished')).toBe(1);
    expect(delta('deadLettered')).toBe(0);
    expect(await prometheus.sum('lienthong_dlq_messages')).toBe(0);

    // outboxes drained; every event consumer caught up
    expect(
      await prometheus.query('lienthong_outbox_unsent_messages{job="civil-status"}'),
    ).toHaveLength(2);
    expect(await prometheus.sum('lienthong_outbox_unsent_messages')).toBe(0);
    const lag = await prometheus.query(
      'lienthong_consumer_pending_messages{job="population",consumer="POP_registry_CIV_birth-registered"}',
    );
    expect(lag.map((s) => s.value)).toEqual([0]);

    // the audit log took the scenario's records in and keeps signing checkpoints
    expect(delta('appended')).toBeGreaterThanOrEqual(8);
    expect(delta('logSize')).toBeGreaterThanOrEqual(8);
    expect(await prometheus.query('lienthong_audit_checkpoint_age_seconds < 60')).toHaveLength(1);
    // witnesses cosign them
    expect(
      await prometheus.sum(
        'lienthong_witness_checkpoints_total{job="population",outcome="cosigned"}',
      ),
    ).toBeGreaterThan(0);

    // configuration and certificates: held and far from expiry on every holder; nothing for the
    // console, which holds none (a 0 there would read as "expires now")
    const expiries = await prometheus.query('lienthong_configuration_expires_in_seconds > 0');
    expect(expiries.map((s) => s.metric['job']).sort()).toEqual([...ADAPTER_JOBS, 'trust'].sort());
    const signing = await prometheus.query(
      `lienthong_certificate_expires_in_seconds{certificate="signing"} > ${30 * 86_400}`,
    );
    expect(signing.map((s) => s.metric['job']).sort()).toEqual([...ADAPTER_JOBS].sort());
    const trustCertificates = await prometheus.query(
      `lienthong_certificate_expires_in_seconds{job="trust"} > ${30 * 86_400}`,
    );
    expect(trustCertificates.map((s) => s.metric['certificate']).sort()).toEqual([
      'ca-issuing',
      'ca-root',
      'configuration',
    ]);

    // every app: the process's own figures; no scrape source failing; no alert firing
    expect(await prometheus.query('process_cpu_user_seconds_total')).toHaveLength(
      Object.keys(JOBS).length,
    );
    expect(await prometheus.query('nodejs_eventloop_lag_p99_seconds')).toHaveLength(
      Object.keys(JOBS).length,
    );
    expect(await prometheus.sum('lienthong_metrics_source_failures_total')).toBe(0);
    const groups = await prometheus.rules();
    expect(groups.map((g) => g.name).sort()).toEqual([
      'lienthong-audit',
      'lienthong-messaging',
      'lienthong-scrape',
      'lienthong-trust',
    ]);
    for (const rule of groups.flatMap((g) => g.rules)) {
      expect({ rule: rule.name, health: rule.health, error: rule.lastError ?? '' }).toEqual({
        rule: rule.name,
        health: 'ok',
        error: '',
      });
    }
    expect(await prometheus.query('ALERTS{alertstate="firing"}')).toEqual([]);

    // every query of the Grafana dashboard is valid PromQL over these series, and most have data
    const dashboard = JSON.parse(
      readFileSync(join(__dirname, '../deploy/monitoring/grafana-dashboard.json'), 'utf8'),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const targets = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
    );
    expect(targets.length).toBeGreaterThan(20);
    let withData = 0;
    for (const { expr } of targets) {
      const samples = await prometheus.query(
        expr.replaceAll('$job', '.*').replaceAll('$__rate_interval', '1m'),
      );
      withData += samples.length > 0 ? 1 : 0;
    }
    // what a healthy stack has none of: dead letters, stalls, redeliveries, duplicates, alarms
    expect(withData).toBeGreaterThanOrEqual(targets.length - 8);

    // no personal data in any label of any series: no personal id, case id, officer or name
    const forbidden = [adult, 'HS-2026-METRICS', 'cb-tuphap-01', 'van-thu-01', 'Phạm Minh An'];
    for (const labels of await prometheus.series()) {
      for (const value of Object.values(labels)) {
        expect({ value, personal: forbidden.some((f) => value.includes(f)) }).toEqual({
          value,
          personal: false,
        });
        // 12-digit personal ids, 10-digit enterprise codes: no long run of digits (ports aside)
        expect(value.replace(/^127\.0\.0\.1:\d+$/, '')).not.toMatch(/\d{9,}/);
      }
    }
  }, 150_000);
});
