// Gateway benchmark (issue 14): `npm run bench:gateway [-- --quick | --duration=20 --warmup=3
// --concurrency=32 --rounds=2]`. The same look-up (`urn:lienthong:merit:merit-status-by-person`,
// same consumer, same right, same minimisation), answered two ways by two provider processes in one
// run: from a table the adapter owns (a TypeScript handler, MRT) and through the gateway (the
// configured adapter calling the legacy merit registry over HTTP and mapping with JSONata, NCC).
// CPU is read per process from /proc and divided by the look-ups done; the legacy system's own CPU
// is measured and reported apart, excluded from the comparison. JSON on stdout, a table on stderr.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessGroup, createDatabase, freePort, waitForHttp } from '@lienthong/devstack';
import { SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';
import { TestBus } from '@lienthong/testing';
import { recordFields } from '../../tools/launcher/trust-bootstrap';
import { closedLoop, connectionPool, httpLookup, round } from '../lookup/lookup-bench.load';
import { machineLoad } from '../lookup/lookup-bench.report';
import {
  AdapterProcess,
  childProcessEnv,
  deleteNamespaceStreams,
  startBenchInfrastructure,
  type BenchInfrastructure,
} from '../lookup/lookup-bench.stack';
import { cpuMs, insertRows, pidOf, samples } from './gateway-bench.support';
import { TABLE_SERVICE } from './merit-table.agency';

interface Options {
  durationS: number;
  warmupS: number;
  concurrency: number;
  rounds: number;
  records: number;
}

const GATEWAY_SERVICE = 'merit-status-by-person';
const IDLE_WINDOW_MS = 4000;
const MERIT = {
  requestType: 'urn:lienthong:merit:merit-status-by-person-request:1',
  responseType: 'urn:lienthong:merit:merit-status-by-person-response:1',
};
const PURPOSE = { procedure: '1.011537', legalBasis: 'nd-63-2024', caseId: 'BENCH-1' };
/** The largest CPU per look-up the gateway path may cost over the table path (issue 14). */
const MAX_OVERHEAD = 0.2;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { durationS: 20, warmupS: 3, concurrency: 32, rounds: 2, records: 5000 };
  for (const arg of argv) {
    const [, name, value] = /^--([a-z]+)(?:=(.+))?$/.exec(arg) ?? [];
    const n = Number(value);
    if (name === 'quick' && value === undefined) {
      Object.assign(options, { durationS: 6, warmupS: 2, rounds: 1 });
    } else if (name === 'duration' && n > 0) {
      options.durationS = n;
    } else if (name === 'warmup' && n >= 0) {
      options.warmupS = n;
    } else if (name === 'concurrency' && Number.isInteger(n) && n > 0) {
      options.concurrency = n;
    } else if (name === 'rounds' && Number.isInteger(n) && n > 0) {
      options.rounds = n;
    } else {
      throw new Error(
        `unknown argument ${arg}; use --quick, --duration=S, --warmup=S, --concurrency=N, --rounds=N`,
      );
    }
  }
  return options;
}

function progress(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

interface PathResult {
  readonly path: 'table' | 'gateway';
  readonly round: number;
  readonly lookups: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  /** CPU ms per look-up of each process, its idle rate taken out. */
  readonly cpuMsPerLookup: Record<string, number>;
  /** The same before the idle rate is taken out. */
  readonly rawCpuMsPerLookup: Record<string, number>;
}

async function main(): Promise<void> {
  process.env['LOG_LEVEL'] = 'error';
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = machineLoad();
  const root = findRepositoryRoot();
  const infra = await startBenchInfrastructure(root);
  const group = new ProcessGroup({ echo: false });
  const processes: AdapterProcess[] = [];
  let bus: TestBus | undefined;
  try {
    const results = await run(options, infra, root, group, processes, (b) => (bus = b));
    const byPath = (path: PathResult['path']) => results.filter((r) => r.path === path);
    const mean = (rows: PathResult[], key: string) =>
      rows.reduce((sum, r) => sum + (r.cpuMsPerLookup[key] ?? 0), 0) / Math.max(rows.length, 1);
    const adapters = (rows: PathResult[], provider: string) =>
      mean(rows, 'consumer') + mean(rows, provider) + mean(rows, 'nats');
    const tableCpu = adapters(byPath('table'), 'provider');
    const gatewayCpu = adapters(byPath('gateway'), 'provider');
    const providerRatio = mean(byPath('gateway'), 'provider') / mean(byPath('table'), 'provider');
    const overhead = gatewayCpu / tableCpu - 1;
    const result = {
      bench: 'gateway',
      node: process.version,
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      options,
      machine: { before: loadBefore, after: machineLoad() },
      results,
      summary: {
        cpuMsPerLookupExcludingBackEnds: {
          table: round(tableCpu, 3),
          gateway: round(gatewayCpu, 3),
        },
        providerCpuRatio: round(providerRatio, 3),
        legacyBackEndCpuMsPerLookup: round(mean(byPath('gateway'), 'backend'), 3),
        postgresCpuMsPerLookup: {
          table: round(mean(byPath('table'), 'postgres'), 3),
          gateway: round(mean(byPath('gateway'), 'postgres'), 3),
        },
        gatewayOverhead: round(overhead, 3),
      },
      targets: {
        gatewayOverheadAtMost: MAX_OVERHEAD,
        met: overhead <= MAX_OVERHEAD,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(
      [
        '',
        'path      round  look-ups/s   p50 ms  p99 ms  CPU ms per look-up (consumer, provider, nats, postgres, back end)',
        ...results.map(
          (r) =>
            `${r.path.padEnd(9)} ${String(r.round).padStart(5)}  ${String(r.perSecond).padStart(10)}  ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)}  ${['consumer', 'provider', 'nats', 'postgres', 'backend'].map((k) => r.cpuMsPerLookup[k] ?? '-').join(', ')}`,
        ),
        '',
        `adapters + NATS, back ends excluded: table ${round(tableCpu, 3)} ms, gateway ${round(gatewayCpu, 3)} ms per look-up → overhead ${round(overhead * 100, 1)} % (target ≤ ${MAX_OVERHEAD * 100} %: ${overhead <= MAX_OVERHEAD ? 'met' : 'NOT met'})`,
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await group.stopAll();
    if (bus) {
      await bus.close();
      await deleteNamespaceStreams(infra.natsUrl, bus.namespace.streamPrefix);
    }
    await infra.stop();
  }
}

async function run(
  options: Options,
  infra: BenchInfrastructure,
  root: string,
  group: ProcessGroup,
  processes: AdapterProcess[],
  holdBus: (bus: TestBus) => void,
): Promise<PathResult[]> {
  const schemas = new SchemaRegistry();
  const fields = recordFields(schemas, MERIT.responseType);
  const service = (code: string, member: string) => ({
    code,
    version: 1,
    provider: { member, subsystem: 'registry' },
    ...MERIT,
    title: 'Meritorious service status by person',
    fields,
  });
  process.env['TEST_NATS_URL'] = infra.natsUrl;
  const bus = await TestBus.create({
    members: ['NCC', 'MRT', 'CIV'].map((member) => ({ member, subsystem: 'registry' })),
    services: [service(GATEWAY_SERVICE, 'NCC'), service(TABLE_SERVICE, 'MRT')],
    accessRights: [GATEWAY_SERVICE, TABLE_SERVICE].map((code) => ({
      consumer: { member: 'CIV', subsystem: 'registry' },
      service: code,
      purposes: [PURPOSE.procedure],
      fields,
      legalBases: {
        [PURPOSE.procedure]: [{ code: PURPOSE.legalBasis, citation: 'Nghị định 63/2024/NĐ-CP' }],
      },
    })),
    validitySeconds: 3600,
  });
  holdBus(bus);
  const databaseUrl = await createDatabase(infra.databaseUrl, 'bench_gateway');
  const data = samples(options.records);

  progress(`legacy merit registry with ${data.length} records`);
  const secret = randomBytes(16).toString('base64url');
  writeFileSync(
    join(infra.dir, 'records.json'),
    JSON.stringify({ records: data.map((s) => s.legacy) }),
  );
  writeFileSync(
    join(infra.dir, 'clients.json'),
    JSON.stringify({
      clients: [
        {
          client_id: 'lienthong-ncc',
          secret_sha256: createHash('sha256').update(secret).digest('hex'),
        },
      ],
    }),
  );
  writeFileSync(join(infra.dir, 'merit-client-secret'), secret);
  const legacyPort = await freePort();
  const legacy = group.spawn('merit-registry', process.execPath, [
    join(root, 'legacy/merit-registry/server.mjs'),
    '--port',
    String(legacyPort),
    '--data',
    join(infra.dir, 'records.json'),
    '--clients',
    join(infra.dir, 'clients.json'),
  ]);
  await waitForHttp(`http://127.0.0.1:${legacyPort}/health`, 30_000);
  const agency = JSON.parse(
    readFileSync(join(root, 'deploy/agencies/merit-registry.agency.json'), 'utf8'),
  ) as { $schema?: string; backends: { merit: { origin: string; maxConnections?: number } } };
  agency.backends.merit.origin = `http://127.0.0.1:${legacyPort}`;
  agency.backends.merit.maxConnections = options.concurrency;
  delete agency.$schema;
  writeFileSync(join(infra.dir, 'agency.json'), JSON.stringify(agency));

  progress('providers: NCC (gateway) and MRT (own table); consumer: CIV');
  const env = (member: string, extra: Record<string, string> = {}) => ({
    ...childProcessEnv(),
    ...bus.adapterEnv(member, 'registry', { DATABASE_URL: databaseUrl, ...extra }),
  });
  const ncc = await AdapterProcess.start(
    infra.distDir,
    'configured-adapter',
    env('NCC', {
      LT_AGENCY_CONFIG_FILE: join(infra.dir, 'agency.json'),
      LT_AGENCY_FILES_DIR: infra.dir,
    }),
    { logFile: join(infra.dir, 'ncc.log') },
  );
  processes.push(ncc);
  const mrt = await AdapterProcess.start(infra.distDir, 'merit-table', env('MRT'), {
    logFile: join(infra.dir, 'mrt.log'),
    entry: 'bench/gateway/merit-table.main.js',
  });
  processes.push(mrt);
  await insertRows(databaseUrl, data);
  const civ = await AdapterProcess.start(infra.distDir, 'civil-status', env('CIV'), {
    logFile: join(infra.dir, 'civ.log'),
  });
  processes.push(civ);
  const natsPid = pidOf(infra.dir, 'nats-server');
  const postgresPid = pidOf(join(infra.dir, 'pg'), 'postgres');

  let token = await bus.officerToken('CIV', 'officer', 'cb-bench-01');
  const refresh = setInterval(() => {
    void bus.officerToken('CIV', 'officer', 'cb-bench-01').then((t) => (token = t));
  }, 60_000);
  const personalIds = data.map((s) => s.personalId);
  const results: PathResult[] = [];
  try {
    for (const [path, code] of [
      ['table', TABLE_SERVICE],
      ['gateway', GATEWAY_SERVICE],
    ] as const) {
      const check = await fetch(`${civ.url}/v1/lookups/${code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ purpose: PURPOSE, query: { personalId: personalIds[0] } }),
      });
      const body = (await check.json()) as { status?: string };
      if (check.status !== 200 || body.status !== 'FOUND') {
        throw new Error(
          `the ${path} path does not answer: ${check.status} ${JSON.stringify(body)}`,
        );
      }
    }
    for (let roundNo = 1; roundNo <= options.rounds; roundNo++) {
      for (const [path, code, provider] of [
        ['table', TABLE_SERVICE, mrt],
        ['gateway', GATEWAY_SERVICE, ncc],
      ] as const) {
        progress(`${path} path, round ${roundNo}, ${options.concurrency} concurrent`);
        const pool = connectionPool(civ.url, options.concurrency);
        const lookup = httpLookup(
          { service: code, token: () => token, purpose: PURPOSE, personalIds },
          pool,
        );
        // warm-up outside the measured window, then CPU read around the measured loop alone
        await closedLoop(lookup, {
          concurrency: options.concurrency,
          durationMs: options.warmupS * 1000,
          warmupMs: 0,
        });
        const cpu = () => ({
          consumer: cpuMs(civ.pid),
          provider: cpuMs(provider.pid),
          nats: natsPid ? cpuMs(natsPid) : Number.NaN,
          postgres: postgresPid ? cpuMs(postgresPid, true) : Number.NaN,
          backend: cpuMs(legacy.pid as number),
        });
        // what each process spends idle (timers, relay polls, watchers) is not a look-up's cost:
        // measured over a quiet window first and taken out of the loaded window's figures
        const quietStart = cpu();
        const quietFrom = performance.now();
        await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
        const quietEnd = cpu();
        const quietSeconds = (performance.now() - quietFrom) / 1000;
        const before = cpu();
        const loadedFrom = performance.now();
        const level = await closedLoop(lookup, {
          concurrency: options.concurrency,
          durationMs: options.durationS * 1000,
          warmupMs: 0,
        });
        const after = cpu();
        const loadedSeconds = (performance.now() - loadedFrom) / 1000;
        const idle = (key: keyof typeof before) =>
          ((quietEnd[key] - quietStart[key]) / quietSeconds) * loadedSeconds;
        await pool.close();
        const done = Math.max(level.completed, 1);
        results.push({
          path,
          round: roundNo,
          lookups: level.completed,
          perSecond: level.perSecond,
          p50Ms: level.p50Ms,
          p99Ms: level.p99Ms,
          errors: level.errors,
          cpuMsPerLookup: Object.fromEntries(
            Object.entries(after).map(([k, v]) => {
              const key = k as keyof typeof before;
              return [k, round(Math.max(v - before[key] - idle(key), 0) / done, 3)];
            }),
          ),
          rawCpuMsPerLookup: Object.fromEntries(
            Object.entries(after).map(([k, v]) => [
              k,
              round((v - before[k as keyof typeof before]) / done, 3),
            ]),
          ),
        });
      }
    }
  } finally {
    clearInterval(refresh);
  }
  return results;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:gateway failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
