// Life-events benchmark (issue 4), one command, JSON on stdout, a summary line on stderr:
//
//   npm run --silent bench:events [-- --events=N]            synthetic pipeline (default 3,000)
//   npm run --silent bench:events -- --events=N --nats-restart   the same with a NATS outage
//   npm run --silent bench:events -- --chain [--births=N --concurrency=N --citizens=N --profile]
//
// Synthetic pipeline: N events committed through CIV's transactional outbox (transactions of 100)
// → relay → JetStream → POP's durable consumer → verify → inbox + effect in one transaction → audit
// record → ack; events/s end to end and the commit→applied latency p50/p99. CIV runs in this
// process, POP in a child process (each adapter has a core, as in production; `node --cpu-prof`
// profiles both). `--nats-restart` stops the bench's own nats-server once half of the events are
// committed, keeps it down ~2 s and restarts it on the same port and store directory; the same
// figures follow, with lost / applied twice / dead-lettered (refused when BENCH_NATS_URL is set).
//
// `--chain` (events-bench.chain.ts): N births (default 1,000) registered through civil status's
// HTTP API by officers at a fixed concurrency (default 16), through the real civil-status,
// population and insurance apps as child processes on registries seeded with 5,000 citizens;
// births/s, events/s (4 events and 5 applications per birth), registration → card issued p50/p99
// from the dossiers, and every birth checked for exactly one child citizen, residence and card.
//
// Every mode measures the ceiling in the same run (events-bench.ceiling.ts), on the same NATS and
// PostgreSQL: BENCH_NATS_URL / BENCH_DATABASE_URL, or a nats-server and an embedded PostgreSQL
// (fsync on) started here.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { EventPublisher, OutboxRelay } from '@lienthong/adapter-kit';
import { eventSubject, jetstreamManager, streamName } from '@lienthong/messaging';
import { TestBus, createTestSchema, type TestSchema } from '@lienthong/testing';
import { birthPayload, eventsBenchAgency } from './events-bench.agency';
import { measureCeiling } from './events-bench.ceiling';
import { cpuPerEvent, cpuSnapshot } from './events-bench.cpu';
import { runChain } from './events-bench.chain';
import {
  startInfrastructure,
  type EventsBenchInfrastructure,
  type NatsOutage,
} from './events-bench.infra';
import { UsageError, parseOptions, type EventsBenchOptions } from './events-bench.options';

const registry = (member: string) => ({ member, subsystem: 'registry' });
/** How long `--nats-restart` keeps the server down. */
const NATS_DOWN_MS = 2_000;

/** Commits `events` events in transactions of 100; `committed` is told after each commit. */
async function commitAll(
  civ: INestApplication,
  events: number,
  committed: (done: number) => void,
): Promise<void> {
  const publisher = civ.get(EventPublisher);
  for (let done = 0; done < events; done += 100) {
    await publisher.transaction(async (ctx) => {
      for (let i = done; i < Math.min(done + 100, events); i++) {
        await publisher.publish(ctx, { eventType: 'birth-registered', payload: birthPayload() });
      }
    });
    committed(Math.min(done + 100, events));
  }
}

interface Applied {
  rows: number;
  distinct: number;
  p50Ms: number;
  p99Ms: number;
}

/** Effect rows so far: cheap enough to poll while the run goes on (unlike {@link applied}). */
async function appliedRows(pop: Client): Promise<number> {
  const { rows } = await pop.query<{ n: string }>(`SELECT count(*) AS n FROM effects`);
  return Number(rows[0]?.n);
}

async function applied(pop: Client): Promise<Applied> {
  const { rows } = await pop.query<Record<string, string>>(
    `SELECT count(*) AS rows, count(DISTINCT event_id) AS distinct,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM applied_at - issued_at)) * 1000 AS p50,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM applied_at - issued_at)) * 1000 AS p99
     FROM effects`,
  );
  const row = rows[0];
  return {
    rows: Number(row?.['rows']),
    distinct: Number(row?.['distinct']),
    p50Ms: Number(row?.['p50']),
    p99Ms: Number(row?.['p99']),
  };
}

/** POP in a child process with this process's flags; resolves once it is ready. */
function startSubscriber(bus: TestBus, db: TestSchema): Promise<ChildProcess> {
  const env = bus.adapterEnv('POP', 'registry', { DATABASE_URL: db.url, LOG_LEVEL: 'error' });
  const child = spawn(
    process.execPath,
    [...process.execArgv, join(__dirname, 'events-bench.subscriber.js')],
    {
      env: { ...process.env, LT_BENCH_SUBSCRIBER: JSON.stringify({ schema: db.schema, env }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`subscriber exited with ${String(code)}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * The NATS outage of `--nats-restart`: begins (without holding up the commits) once half of the
 * events are committed.
 */
class NatsRestart {
  private outage?: Promise<NatsOutage>;
  private atCommitted = 0;

  constructor(
    private readonly infra: EventsBenchInfrastructure,
    private readonly events: number,
    private readonly since: number,
  ) {}

  committed = (done: number): void => {
    if (!this.outage && done >= this.events / 2) {
      this.atCommitted = done;
      process.stderr.write(`• ${done} events committed: stopping nats-server\n`);
      this.outage = this.infra.restartNats(NATS_DOWN_MS, this.since);
      // awaited by `done`; marked handled so that a failure surfaces there, not as unhandled
      this.outage.catch(() => undefined);
    }
  };

  async done(): Promise<NatsOutage & { atCommitted: number }> {
    if (!this.outage) {
      throw new Error('the NATS restart never began');
    }
    const outage = await this.outage;
    process.stderr.write(`• nats-server back after ${outage.downMs} ms\n`);
    return { ...outage, atCommitted: this.atCommitted };
  }
}

async function runBusPath(
  bus: TestBus,
  dbs: TestSchema[],
  events: number,
  restart?: EventsBenchInfrastructure,
) {
  const [civDb, popDb] = dbs;
  if (!civDb || !popDb) {
    throw new Error('two schemas expected');
  }
  const subscriber = await startSubscriber(bus, popDb);
  const civ = await bus.startAdapter(eventsBenchAgency('CIV', civDb.schema), {
    databaseUrl: civDb.url,
  });
  const pop = new Client({ connectionString: popDb.url });
  await pop.connect();
  try {
    const cpuBefore = cpuSnapshot();
    const started = performance.now();
    const outage = restart ? new NatsRestart(restart, events, started) : undefined;
    await commitAll(civ, events, outage?.committed ?? (() => undefined));
    const commitSeconds = (performance.now() - started) / 1000;
    const natsRestart = await outage?.done();
    const deadline = Date.now() + 120_000;
    while ((await appliedRows(pop)) < events && Date.now() < deadline) {
      await sleep(50);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSnapshot();
    await sleep(1_000); // a late double would show here
    const result = await applied(pop);
    const outboxPending = await civ.get(OutboxRelay).pending();
    return {
      seconds,
      eventsPerSecond: result.rows / seconds,
      // how long the publisher took to commit every event to its outbox (transactions of 100)
      commitSeconds,
      // CPU ms per event of each process of the run (Linux /proc): the machine is shared, so
      // this tells more than events/s about what a change saved
      cpuMsPerEvent: cpuPerEvent(
        cpuBefore,
        cpuAfter,
        events,
        new Map([
          [process.pid, 'publisher (bench, CIV, relay)'],
          [subscriber.pid ?? -1, 'subscriber (POP)'],
        ]),
      ),
      ...result,
      outboxPending,
      ...(natsRestart
        ? {
            natsRestart: {
              ...natsRestart,
              // from the restarted server accepting connections to the last event applied
              allAppliedAfterRestartMs: Math.round(
                seconds * 1000 - natsRestart.stoppedAtMs - natsRestart.downMs,
              ),
              // the run's rate without the seconds nats-server was down (its recovery counts):
              // what the bus sustains while it has a server, next to eventsPerSecond over it all
              eventsPerSecondExcludingOutage: result.rows / (seconds - natsRestart.downMs / 1000),
            },
          }
        : {}),
    };
  } finally {
    await pop.end();
    await stopChild(subscriber);
    await civ.close();
  }
}

/** What a run of each mode leaves unmeasured. */
function notMeasured(options: EventsBenchOptions): string[] {
  const always = [
    'a PostgreSQL restart mid-run (test/events-postgres-restart.e2e-spec.ts)',
    'a NATS cluster (one nats-server here)',
  ];
  if (options.mode === 'chain') {
    return ['a NATS restart during the chain (--nats-restart is synthetic only)', ...always];
  }
  return [
    'birth→card through the real CIV/POP/INS apps (run with --chain)',
    ...(options.natsRestart ? [] : ['a NATS restart mid-run (run with --nats-restart)']),
    ...always,
  ];
}

async function runSynthetic(
  infra: EventsBenchInfrastructure,
  options: Extract<EventsBenchOptions, { mode: 'synthetic' }>,
): Promise<void> {
  const { events } = options;
  const dbs: TestSchema[] = [];
  let bus: TestBus | undefined;
  try {
    bus = await TestBus.create({
      members: ['CIV', 'POP'].map(registry),
      eventRights: [
        { subscriber: registry('POP'), publisher: 'CIV', eventType: 'birth-registered' },
      ],
    });
    for (let i = 0; i < 3; i++) {
      dbs.push(await createTestSchema(infra.databaseUrl));
    }
    const busPath = await runBusPath(bus, dbs, events, options.natsRestart ? infra : undefined);
    const jsm = await jetstreamManager(bus.nc);
    const dlq = (await jsm.streams.info(streamName(bus.namespace, 'DLQ'))).state.messages;
    const ceiling = await measureCeiling({
      nc: bus.nc,
      signer: bus.member('CIV').signer,
      stream: streamName(bus.namespace, 'EVENTS'),
      subject: eventSubject(bus.namespace, 'CIV', 'ceiling-test'),
      databaseUrl: infra.databaseUrl,
      schema: dbs[2]?.schema ?? '',
      events,
    });
    const report = {
      bench: 'events',
      events,
      ...(options.natsRestart ? { mode: 'nats-restart' } : {}),
      busPath: {
        ...busPath,
        lost: events - busPath.distinct,
        appliedTwice: busPath.rows - busPath.distinct,
        dlq,
      },
      ceiling,
      ratio: busPath.eventsPerSecond / ceiling.eventsPerSecond,
      target: { eventsPerSecond: 2_000 },
      notMeasured: notMeasured(options),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(
      `events/s end to end ${busPath.eventsPerSecond.toFixed(0)} (p50 ${busPath.p50Ms.toFixed(0)} ms, p99 ${busPath.p99Ms.toFixed(0)} ms), ceiling ${ceiling.eventsPerSecond.toFixed(0)} events/s, ratio ${report.ratio.toFixed(2)}, lost ${report.busPath.lost}, twice ${report.busPath.appliedTwice}, dlq ${dlq}${busPath.natsRestart ? `, NATS down ${busPath.natsRestart.downMs} ms (${busPath.natsRestart.eventsPerSecondExcludingOutage.toFixed(0)} events/s without those)` : ''}\n`,
    );
  } finally {
    for (const db of dbs) {
      await db.drop();
    }
    await bus?.close();
  }
}

async function runChainMode(
  infra: EventsBenchInfrastructure,
  options: Extract<EventsBenchOptions, { mode: 'chain' }>,
): Promise<void> {
  const result = await runChain(infra, options);
  const report = {
    bench: 'events',
    mode: 'chain',
    ...result,
    target: { eventsPerSecond: 2_000 },
    notMeasured: notMeasured(options),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const { chain, births, ceiling, dossiers } = result;
  process.stderr.write(
    `chain: ${births.accepted}/${births.requested} births accepted, ${chain.birthsPerSecond} births/s, ${chain.eventsPerSecond} events/s (${chain.applicationsPerSecond} applications/s), registration → card p50 ${chain.registrationToCardP50Ms} ms p99 ${chain.registrationToCardP99Ms} ms, ceiling ${ceiling.eventsPerSecond.toFixed(0)} events/s, ratio ${report.ratio.toFixed(2)}, lost ${chain.lost}, twice ${chain.appliedTwice}, dlq ${chain.dlq}, dossiers left IN_PROGRESS with every step done ${dossiers.leftOpenWithEveryStepDone}\n`,
  );
}

async function main(): Promise<void> {
  // stdout carries only the JSON result: the in-process adapters and bus log errors only
  process.env['LOG_LEVEL'] ??= 'error';
  const options = parseOptions(process.argv.slice(2), process.env);
  const infra = await startInfrastructure();
  process.env['TEST_NATS_URL'] = infra.natsUrl;
  process.env['TEST_DATABASE_URL'] = infra.databaseUrl;
  try {
    if (options.mode === 'chain') {
      await runChainMode(infra, options);
    } else {
      await runSynthetic(infra, options);
    }
  } finally {
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof UsageError
      ? `bench:events: ${error.message}\n`
      : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
