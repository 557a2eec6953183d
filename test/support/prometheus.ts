import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One series of an instant query: its labels and value. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** A real Prometheus server (Debian's `prometheus`) scraping the given targets every second. */
export interface RunningPrometheus {
  readonly url: string;
  /** An instant PromQL query at the latest scrape. */
  query(expr: string): Promise<Sample[]>;
  /** The sum of an instant query's values (0 when it returns nothing). */
  sum(expr: string): Promise<number>;
  /** The rule groups loaded, with each rule's health as Prometheus evaluates it. */
  rules(): Promise<
    { name: string; rules: { name: string; health: string; lastError?: string }[] }[]
  >;
  /** Every series the server holds, by its labels. */
  series(): Promise<Record<string, string>[]>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Which programs are missing: `.ci/run` installs them from Debian's `prometheus` package. */
export function assertPrometheusInstalled(): void {
  for (const program of ['prometheus', 'promtool']) {
    try {
      execFileSync(program, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${program} is not installed: apt-get install prometheus (.ci/run does)`);
    }
  }
}

/**
 * Starts Prometheus on a free port with its own data folder, scraping `targets` (job → host:port)
 * every second and evaluating `ruleFiles` every second; resolves once it is ready.
 */
export async function startPrometheus(
  targets: Readonly<Record<string, string>>,
  ruleFiles: readonly string[],
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'lt-prometheus-'));
  const port = await freePort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    scrape_configs: Object.entries(targets).map(([job, target]) => ({
      job_name: job,
      static_configs: [{ targets: [target] }],
    })),
  };
  // JSON is YAML
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not start:\n${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') {
      throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
    }
    return body.data;
  };
  const query = async (expr: string): Promise<Sample[]> => {
    const data = await api<{
      result: { metric: Record<string, string>; value: [number, string] }[];
    }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
    return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
  return {
    url,
    query,
    sum: async (expr) => (await query(expr)).reduce((total, s) => total + s.value, 0),
    rules: async () =>
      (
        await api<{
          groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[];
        }>('/api/v1/rules')
      ).groups,
    series: () =>
      api<Record<string, string>[]>(
        `/api/v1/series?${new URLSearchParams({ 'match[]': '{__name__=~".+"}' }).toString()}`,
      ),
    stop,
  };
}
