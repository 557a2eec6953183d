// Look-up benchmark (issue 3): `npm run bench:lookup [-- --quick | --citizens=10000,1000000
// --duration=20 --warmup=3 --levels=1,64,1000 --profile]`. Drives POST /v1/lookups/citizen-by-id
// on the civil-status adapter (consumer), which asks the population adapter (provider) over a real
// bus, both as separate processes; measures the naive signed pipeline on the same keys and NATS in
// the same run. JSON on stdout, a table on stderr; only ratios compare between runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findRepositoryRoot, SchemaRegistry } from '@lienthong/schema';
import { TestBus } from '@lienthong/testing';
import { DEMO_ACCESS_RIGHTS, DEMO_SERVICES, PROCEDURES } from '../../tools/launcher/demo-setup';
import { recordFields } from '../../tools/launcher/trust-bootstrap';
import { seedRegistries, type SeedSummary } from '../../tools/seed/seed';
import { measureCeiling } from './lookup-bench.ceiling';
import { closedLoop, connectionPool, httpLookup, type LevelResult } from './lookup-bench.load';
import {
  checkTargets,
  machineLoad,
  ratios,
  renderTable,
  type DatasetResult,
} from './lookup-bench.report';
import {
  AdapterProcess,
  RssSampler,
  datasetDatabase,
  deleteNamespaceStreams,
  startBenchInfrastructure,
  type BenchInfrastructure,
} from './lookup-bench.stack';

/** Run options; see the header comment. */
export interface BenchOptions {
  citizens: number[];
  durationS: number;
  warmupS: number;
  levels: number[];
  profile: boolean;
  /** Provider replicas in the queue group (the way a provider scales past one core). */
  replicas: number;
}

const SEED = 'lienthong-bench';
const SERVICE = DEMO_SERVICES.find((s) => s.code === 'citizen-by-id');
const SAMPLE_IDS = 20_000;
const TOKEN_REFRESH_MS = 60_000;
const PURPOSE = {
  procedure: PROCEDURES.birth,
  legalBasis: 'nd-63-2024',
  caseId: 'BENCH-1',
};

function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    citizens: [10_000, 1_000_000],
    durationS: 20,
    warmupS: 3,
    levels: [1, 64, 1000],
    profile: false,
    replicas: 1,
  };
  for (const arg of argv) {
    const [, name, value] = /^--([a-z]+)(?:=(.+))?$/.exec(arg) ?? [];
    const list = () => (value ?? '').split(',').map(Number);
    if (name === 'quick' && value === undefined) {
      Object.assign(options, { citizens: [10_000], durationS: 5, warmupS: 2 });
    } else if (name === 'citizens' && list().every((n) => Number.isInteger(n) && n > 0)) {
      options.citizens = list().sort((a, b) => a - b);
    } else if (name === 'levels' && list().every((n) => Number.isInteger(n) && n > 0)) {
      options.levels = list();
    } else if ((name === 'duration' || name === 'warmup') && Number(value) > 0) {
      options[name === 'duration' ? 'durationS' : 'warmupS'] = Number(value);
    } else if (name === 'profile' && value === undefined) {
      options.profile = true;
    } else if (name === 'replicas' && Number.isInteger(Number(value)) && Number(value) > 0) {
      options.replicas = Number(value);
    } else {
      throw new Error(
        `unknown argument ${arg}; use --quick, --citizens=N[,N], --duration=S, --warmup=S, --levels=N[,N], --replicas=N, --profile`,
      );
    }
  }
  return options;
}

function progress(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

/** A bus with POP (provider) and CIV (consumer) and the demo catalog entry and right for citizen-by-id. */
async function benchBus(natsUrl: string): Promise<TestBus> {
  if (!SERVICE) {
    throw new Error('citizen-by-id is missing from the demo catalog');
  }
  const right = DEMO_ACCESS_RIGHTS.find((r) => r.consumer === 'CIV' && r.service === SERVICE.code);
  const fields = recordFields(new SchemaRegistry(), SERVICE.responseType);
  // TestBus reads its NATS URL from the test variable; the bench points it at its own server.
  process.env['TEST_NATS_URL'] = natsUrl;
  return TestBus.create({
    members: [
      { member: 'POP', subsystem: 'registry' },
      { member: 'CIV', subsystem: 'registry' },
    ],
    services: [
      {
        code: SERVICE.code,
        version: 1,
        provider: { member: 'POP', subsystem: 'registry' },
        requestType: SERVICE.requestType,
        responseType: SERVICE.responseType,
        title: SERVICE.title,
        fields,
      },
    ],
    accessRights: [
      {
        consumer: { member: 'CIV', subsystem: 'registry' },
        service: SERVICE.code,
        purposes: [...(right?.purposes ?? [PURPOSE.procedure])],
        fields: right && right.fields !== '*' ? [...right.fields] : fields,
        legalBases: right?.legalBases ?? {
          [PURPOSE.procedure]: [{ code: PURPOSE.legalBasis, citation: 'Nghị định 63/2024/NĐ-CP' }],
        },
      },
    ],
    validitySeconds: 3600,
  });
}

/** Random personal ids of seeded citizens. */
async function samplePersonalIds(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-lookup' });
  await client.connect();
  try {
    const result = await client.query<{ personal_id: string }>(
      'SELECT personal_id FROM population.citizens ORDER BY random() LIMIT $1',
      [SAMPLE_IDS],
    );
    return result.rows.map((row) => row.personal_id);
  } finally {
    await client.end();
  }
}

/** An officer token of CIV, renewed before it expires. */
class TokenSource {
  private current = '';
  private timer?: NodeJS.Timeout;

  constructor(private readonly bus: TestBus) {}

  async start(): Promise<void> {
    this.current = await this.bus.officerToken('CIV', 'officer', 'cb-bench-01');
    this.timer = setInterval(() => {
      void this.bus.officerToken('CIV', 'officer', 'cb-bench-01').then((t) => (this.current = t));
    }, TOKEN_REFRESH_MS);
  }

  get = (): string => this.current;

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A seeded registry size. */
interface Dataset {
  readonly databaseUrl: string;
  readonly seeded: SeedSummary;
}

interface RunContext {
  readonly infra: BenchInfrastructure;
  readonly bus: TestBus;
  readonly options: BenchOptions;
  readonly consumer: AdapterProcess;
  readonly tokens: TokenSource;
  readonly profileDir?: string;
}

/** The closed-loop levels of the full path, each through a fresh pool of keep-alive connections. */
async function measureLevels(
  ctx: RunContext,
  citizens: number,
  personalIds: readonly string[],
): Promise<LevelResult[]> {
  const levels: LevelResult[] = [];
  for (const concurrency of ctx.options.levels) {
    progress(`full path, ${citizens} citizens, ${concurrency} concurrent`);
    const pool = connectionPool(ctx.consumer.url, concurrency);
    const target = {
      service: 'citizen-by-id',
      token: ctx.tokens.get,
      purpose: PURPOSE,
      personalIds,
    };
    levels.push(
      await closedLoop(httpLookup(target, pool), {
        concurrency,
        durationMs: ctx.options.durationS * 1000,
        warmupMs: ctx.options.warmupS * 1000,
      }),
    );
    await pool.close();
  }
  return levels;
}

/** Runs the provider on one seeded registry size and measures every level through the consumer. */
async function measureDataset(
  ctx: RunContext,
  citizens: number,
  { databaseUrl, seeded }: Dataset,
): Promise<{ result: DatasetResult; personalIds: string[]; record: Record<string, unknown> }> {
  const personalIds = await samplePersonalIds(databaseUrl);
  const providers = await Promise.all(
    Array.from({ length: ctx.options.replicas }, (_, replica) =>
      AdapterProcess.start(
        ctx.infra.distDir,
        'population',
        ctx.bus.adapterEnv('POP', 'registry', { DATABASE_URL: databaseUrl }),
        {
          logFile: join(ctx.infra.dir, `population-${citizens}-${replica}.log`),
          ...(ctx.profileDir ? { profileDir: ctx.profileDir } : {}),
        },
      ),
    ),
  );
  const provider = providers[0];
  try {
    const record = await firstRecord(ctx, personalIds);
    const idleRssMiB = { population: provider.rssMiB(), 'civil-status': ctx.consumer.rssMiB() };
    const sampler = new RssSampler([...providers, ctx.consumer]);
    const levels = await measureLevels(ctx, citizens, personalIds);
    const result: DatasetResult = {
      citizens,
      seedSeconds: Math.round(seeded.durationMs / 100) / 10,
      seedSkipped: seeded.skipped,
      levels,
      idleRssMiB,
      peakRssMiB: sampler.stop(),
    };
    return { result, personalIds, record };
  } finally {
    await Promise.all(providers.map((p) => p.stop()));
  }
}

/** One look-up through the API, which also proves the path works before it is measured. */
async function firstRecord(
  ctx: RunContext,
  personalIds: readonly string[],
): Promise<Record<string, unknown>> {
  const response = await fetch(`${ctx.consumer.url}/v1/lookups/citizen-by-id`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.tokens.get()}` },
    body: JSON.stringify({ purpose: PURPOSE, query: { personalId: personalIds[0] } }),
  });
  const body = (await response.json()) as { status?: string; record?: Record<string, unknown> };
  if (response.status !== 200 || body.status !== 'FOUND' || !body.record) {
    throw new Error(`the first look-up failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.record;
}

async function seedAll(
  options: BenchOptions,
  infra: BenchInfrastructure,
): Promise<Map<number, Dataset>> {
  const databases = new Map<number, Dataset>();
  for (const citizens of options.citizens) {
    progress(`seeding ${citizens} citizens`);
    const databaseUrl = await datasetDatabase(infra, citizens);
    databases.set(citizens, {
      databaseUrl,
      seeded: await seedRegistries({ databaseUrl, citizens, seed: SEED }),
    });
  }
  return databases;
}

async function run(options: BenchOptions, infra: BenchInfrastructure) {
  const databases = await seedAll(options, infra);
  // Outside the scratch folder, which the run removes: profiles are read after it.
  const profileDir = options.profile
    ? mkdtempSync(join(tmpdir(), 'lienthong-bench-lookup-profiles-'))
    : undefined;
  const bus = await benchBus(infra.natsUrl);
  const tokens = new TokenSource(bus);
  let consumer: AdapterProcess | undefined;
  try {
    await tokens.start();
    // The consumer's own registry is not read by a look-up; the smallest data set serves it.
    consumer = await AdapterProcess.start(
      infra.distDir,
      'civil-status',
      bus.adapterEnv('CIV', 'registry', {
        DATABASE_URL: databases.get(options.citizens[0])?.databaseUrl ?? '',
      }),
      { logFile: join(infra.dir, 'civil-status.log'), ...(profileDir ? { profileDir } : {}) },
    );
    const ctx: RunContext = {
      infra,
      bus,
      options,
      consumer,
      tokens,
      ...(profileDir ? { profileDir } : {}),
    };
    const datasets: DatasetResult[] = [];
    let last: { personalIds: string[]; record: Record<string, unknown> } | undefined;
    for (const citizens of options.citizens) {
      const measured = await measureDataset(ctx, citizens, databases.get(citizens) as Dataset);
      datasets.push(measured.result);
      last = measured;
    }
    progress('naive signed pipeline');
    const ceiling = await measureCeiling({
      distDir: infra.distDir,
      bus,
      natsUrl: infra.natsUrl,
      dir: infra.dir,
      personalIds: last?.personalIds ?? [],
      record: last?.record ?? {},
      levels: options.levels.filter((l) => l <= 64),
      durationMs: options.durationS * 1000,
      warmupMs: options.warmupS * 1000,
    });
    return { datasets, ceiling, profileDir };
  } finally {
    tokens.stop();
    await consumer?.stop();
    await bus.close();
    await deleteNamespaceStreams(infra.natsUrl, bus.namespace.streamPrefix);
  }
}

async function main(): Promise<void> {
  // stdout carries the JSON result alone; the libraries' loggers write there too.
  process.env['LOG_LEVEL'] = 'error';
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const loadBefore = machineLoad();
  const infra = await startBenchInfrastructure(findRepositoryRoot());
  try {
    const { datasets, ceiling, profileDir } = await run(options, infra);
    const report = { datasets, ceiling };
    const targets = checkTargets(report);
    const result = {
      bench: 'lookup',
      node: process.version,
      startedAt: startedAt.toISOString(),
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      options,
      machine: { before: loadBefore, after: machineLoad() },
      datasets,
      ceiling,
      ratios: ratios(report),
      targets,
      ...(profileDir ? { profiles: profileDir } : {}),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(renderTable(report, targets));
  } finally {
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:lookup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
