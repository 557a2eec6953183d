// `npm run bench:events -- --chain`: births through the real chain. The civil-status, population
// and insurance apps run as child processes from a private copy of dist/ (as the launcher runs
// them), on registries seeded with a few thousand citizens, under a signed configuration with the
// launcher's event rights. Officers register births through CIV's HTTP API at a fixed concurrency;
// each birth makes four events and five applications (events-bench.chain-checks.ts) until the
// dossier shows the health-insurance card issued.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { eventConsumerOptions } from '@lienthong/adapter-kit';
import { createDatabase } from '@lienthong/devstack';
import {
  ensureDurableConsumer,
  eventSubject,
  jetstreamManager,
  streamName,
} from '@lienthong/messaging';
import { SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';
import { TestBus, createTestSchema, uniqueSuffix } from '@lienthong/testing';
import {
  DEMO_ACCESS_RIGHTS,
  DEMO_EVENT_RIGHTS,
  DEMO_SERVICES,
} from '../../tools/launcher/demo-setup';
import { recordFields } from '../../tools/launcher/trust-bootstrap';
import { seedRegistries } from '../../tools/seed/seed';
import {
  AdapterProcess,
  copyDistForProcesses,
  deleteNamespaceStreams,
} from '../lookup/lookup-bench.stack';
import {
  APPLIED_PER_BIRTH,
  PUBLISHED_PER_BIRTH,
  chainTimes,
  eventCounts,
  exactlyOnce,
  registryCounts,
  settledDossiers,
  total,
  unexpected,
} from './events-bench.chain-checks';
import { measureCeiling, type CeilingResult } from './events-bench.ceiling';
import type { EventsBenchInfrastructure } from './events-bench.infra';

const SEED = 'lienthong-bench-events';
const MEMBERS = ['POP', 'CIV', 'INS'] as const;
/** The apps in start order: population answers CIV's parent look-ups, insurance issues the cards. */
const APPS = [
  { app: 'population', member: 'POP' },
  { app: 'insurance', member: 'INS' },
  { app: 'civil-status', member: 'CIV' },
] as const;
const TOKEN_REFRESH_MS = 60_000;
/** Give up waiting when no dossier has settled for this long. */
const STALL_MS = 60_000;
const registry = (member: string) => ({ member, subsystem: 'registry' });
const among = (member: string) => (MEMBERS as readonly string[]).includes(member);

export interface ChainOptions {
  readonly births: number;
  readonly concurrency: number;
  readonly citizens: number;
  readonly profile: boolean;
}

/** A couple from the seed (alive, married, in a household) and the commune of that household. */
interface Parents {
  readonly father: string;
  readonly mother: string;
  readonly communeCode: string;
}

/** What the officers' side saw: accepted dossiers, refusals, and POST /v1/births latency. */
interface Registrations {
  readonly dossierIds: string[];
  readonly errors: Record<string, number>;
  readonly latenciesMs: number[];
  readonly seconds: number;
}

function progress(text: string): void {
  process.stderr.write(`• ${text}\n`);
}

/** The bus of the launcher, narrowed to the three members of the chain. */
function chainBus(): Promise<TestBus> {
  const schemas = new SchemaRegistry();
  const services = DEMO_SERVICES.filter((s) => among(s.provider));
  const fieldsOf = new Map(services.map((s) => [s.code, recordFields(schemas, s.responseType)]));
  return TestBus.create({
    members: MEMBERS.map(registry),
    services: services.map((s) => ({
      code: s.code,
      version: 1,
      provider: registry(s.provider),
      requestType: s.requestType,
      responseType: s.responseType,
      title: s.title,
      fields: fieldsOf.get(s.code) ?? [],
    })),
    accessRights: DEMO_ACCESS_RIGHTS.filter(
      (r) => among(r.consumer) && fieldsOf.has(r.service),
    ).map((r) => ({
      consumer: registry(r.consumer),
      service: r.service,
      purposes: [...r.purposes],
      legalBases: r.legalBases,
      fields: r.fields === '*' ? (fieldsOf.get(r.service) ?? []) : [...r.fields],
    })),
    eventRights: DEMO_EVENT_RIGHTS.filter((r) => among(r.subscriber) && among(r.publisher)).map(
      (r) => ({
        subscriber: registry(r.subscriber),
        publisher: r.publisher,
        eventType: r.eventType,
      }),
    ),
    validitySeconds: 3600,
  });
}

/** The subscriptions' durable consumers, provisioned by the operator as the launcher does. */
async function provisionConsumers(bus: TestBus): Promise<void> {
  const jsm = await jetstreamManager(bus.nc);
  for (const right of DEMO_EVENT_RIGHTS.filter((r) => among(r.subscriber) && among(r.publisher))) {
    await ensureDurableConsumer(
      jsm,
      streamName(bus.namespace, 'EVENTS'),
      eventConsumerOptions(bus.namespace, registry(right.subscriber), right),
    );
  }
}

async function sampleParents(db: Client, wanted: number): Promise<Parents[]> {
  const { rows } = await db.query<{ father: string; mother: string; commune: string }>(
    `SELECT f.personal_id AS father, m.personal_id AS mother, h.commune_code AS commune
       FROM population.citizens f
       JOIN population.citizens m ON m.personal_id = f.spouse_id
       JOIN population.households h ON h.household_no = m.household_no
      WHERE f.sex = 'MALE' AND m.sex = 'FEMALE' AND f.status = 'ALIVE' AND m.status = 'ALIVE'
      ORDER BY random() LIMIT $1`,
    [Math.min(wanted, 2_000)],
  );
  if (rows.length === 0) {
    throw new Error('the seed holds no living couple in a household');
  }
  return rows.map((r) => ({ father: r.father, mother: r.mother, communeCode: r.commune }));
}

/** The body of POST /v1/births for the `i`-th birth: a child born today to a seeded couple. */
function birthRequest(parents: Parents, i: number): string {
  const girl = i % 2 === 1;
  return JSON.stringify({
    communeCode: parents.communeCode,
    child: {
      fullName: girl ? 'Nguyễn Ngọc Anh' : 'Nguyễn Minh Khôi',
      sex: girl ? 'FEMALE' : 'MALE',
      birthDate: new Date().toISOString().slice(0, 10),
      placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
    },
    fatherPersonalId: parents.father,
    motherPersonalId: parents.mother,
  });
}

/** `concurrency` officers, each registering its next birth as soon as the previous one answered. */
async function registerBirths(
  civUrl: string,
  token: () => string,
  parents: readonly Parents[],
  options: ChainOptions,
): Promise<Registrations> {
  const dossierIds: string[] = [];
  const errors: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const officer = async () => {
    for (let i = next++; i < options.births; i = next++) {
      const t0 = performance.now();
      try {
        const response = await fetch(`${civUrl}/v1/births`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
          body: birthRequest(parents[i % parents.length], i),
        });
        const body = (await response.json()) as { dossierId?: string; code?: string };
        if (response.status === 202 && body.dossierId) {
          dossierIds.push(body.dossierId);
          latenciesMs.push(performance.now() - t0);
        } else {
          const kind = `${response.status} ${body.code ?? 'no-code'}`;
          errors[kind] = (errors[kind] ?? 0) + 1;
        }
      } catch (error) {
        const kind = `fetch ${error instanceof Error ? error.message : String(error)}`;
        errors[kind] = (errors[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, officer));
  latenciesMs.sort((a, b) => a - b);
  return { dossierIds, errors, latenciesMs, seconds: (performance.now() - started) / 1000 };
}

/** Waits until every accepted dossier is settled, or none has settled for {@link STALL_MS}. */
async function awaitSettled(db: Client, dossierIds: readonly string[]): Promise<number> {
  let settled = 0;
  let lastProgress = Date.now();
  while (settled < dossierIds.length && Date.now() - lastProgress < STALL_MS) {
    await sleep(250);
    const now = await settledDossiers(db, dossierIds);
    if (now > settled) {
      settled = now;
      lastProgress = Date.now();
    }
  }
  return settled;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The last lines of each app's log, for a run that failed. */
function logTails(dir: string): string {
  return APPS.map(({ app }) => {
    const file = join(dir, `${app}.log`);
    const lines = existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n') : [];
    return `--- ${app}.log (last 20 lines)\n${lines.slice(-20).join('\n')}`;
  }).join('\n');
}

/** Runs the chain and, with the apps stopped, the ceiling for as many events as the chain published. */
export async function runChain(infra: EventsBenchInfrastructure, options: ChainOptions) {
  const distDir = copyDistForProcesses(findRepositoryRoot(), infra.dir);
  // A database of the run's own: counts before and after are the run's, and a given server keeps nothing.
  const dbName = `bench_events_chain_${uniqueSuffix()}`;
  const databaseUrl = await createDatabase(infra.databaseUrl, dbName);
  progress(`seeding ${options.citizens} citizens`);
  const seeded = await seedRegistries({ databaseUrl, citizens: options.citizens, seed: SEED });
  const db = new Client({ connectionString: databaseUrl, application_name: 'bench-events' });
  await db.connect();
  const bus = await chainBus();
  // Outside the scratch folder, which the run removes: profiles are read after it.
  const profileDir = options.profile
    ? mkdtempSync(join(tmpdir(), 'lienthong-bench-events-profiles-'))
    : undefined;
  const apps: AdapterProcess[] = [];
  let refresh: NodeJS.Timeout | undefined;
  try {
    await provisionConsumers(bus);
    for (const { app, member } of APPS) {
      progress(`starting ${app}`);
      apps.push(
        await AdapterProcess.start(
          distDir,
          app,
          bus.adapterEnv(member, 'registry', { DATABASE_URL: databaseUrl }),
          { logFile: join(infra.dir, `${app}.log`), ...(profileDir ? { profileDir } : {}) },
        ),
      );
    }
    const civ = apps[APPS.length - 1];
    let token = await bus.officerToken('CIV', 'officer', 'cb-bench-01');
    refresh = setInterval(() => {
      void bus.officerToken('CIV', 'officer', 'cb-bench-01').then((t) => (token = t));
    }, TOKEN_REFRESH_MS);
    const parents = await sampleParents(db, options.births);
    const before = await registryCounts(db);
    progress(`${options.births} births, ${options.concurrency} officers at once`);
    const startedAt = Date.now();
    const registrations = await registerBirths(civ.url, () => token, parents, options);
    progress(`${registrations.dossierIds.length} births accepted; waiting for the cards`);
    const settled = await awaitSettled(db, registrations.dossierIds);
    await sleep(1_000); // a late double would show here
    const times = await chainTimes(db, registrations.dossierIds);
    const events = await eventCounts(db);
    const once = await exactlyOnce(db, registrations.dossierIds, before);
    const dlq = (
      await (await jetstreamManager(bus.nc)).streams.info(streamName(bus.namespace, 'DLQ'))
    ).state.messages;
    if (settled < registrations.dossierIds.length) {
      process.stderr.write(`${logTails(infra.dir)}\n`);
    }
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    if (profileDir) {
      progress(`CPU profiles of the apps in ${profileDir}`);
    }
    const end = Number.isFinite(times.lastStepDoneAt) ? times.lastStepDoneAt : Date.now();
    const seconds = Math.max(end - startedAt, 1) / 1000;
    const published = total(events.published);
    const applied = total(events.applied);
    const ceiling = await chainCeiling(bus, databaseUrl, Math.max(published, 1));
    const eventsPerSecond = published / seconds;
    return {
      seeded: {
        citizens: options.citizens,
        couples: parents.length,
        seconds: round(seeded.durationMs / 1000),
      },
      births: {
        requested: options.births,
        concurrency: options.concurrency,
        accepted: registrations.dossierIds.length,
        refusedByApi: registrations.errors,
        registrationsPerSecond: round(registrations.dossierIds.length / registrations.seconds),
        registerP50Ms: round(quantile(registrations.latenciesMs, 0.5)),
        registerP99Ms: round(quantile(registrations.latenciesMs, 0.99)),
        completed: times.stepsDone,
        refusedByChain: times.refused,
      },
      dossiers: {
        statusCompleted: times.statusCompleted,
        // every step done, status still IN_PROGRESS: the dossier's status missed its last step
        leftOpenWithEveryStepDone: times.leftOpen,
      },
      chain: {
        seconds: round(seconds, 2),
        birthsPerSecond: round(times.stepsDone / seconds),
        eventsPublished: published,
        eventsApplied: applied,
        eventsPerSecond: round(eventsPerSecond),
        applicationsPerSecond: round(applied / seconds),
        registrationToCardP50Ms: round(times.p50Ms),
        registrationToCardP99Ms: round(times.p99Ms),
        registrationToCardMaxMs: round(times.maxMs),
        published: events.published,
        applied: events.applied,
        unexpectedCounts: {
          published: unexpected(events.published, PUBLISHED_PER_BIRTH, once.accepted),
          applied: unexpected(events.applied, APPLIED_PER_BIRTH, once.accepted),
        },
        outboxPending: events.outboxPending,
        exactlyOnce: once.exactlyOnce,
        lost: once.lost,
        appliedTwice: once.extra.citizens + once.extra.residences + once.extra.cards,
        extraRows: once.extra,
        distinctChildren: once.children,
        dlq,
      },
      ceiling,
      ratio: eventsPerSecond / ceiling.eventsPerSecond,
    };
  } catch (error) {
    process.stderr.write(`${logTails(infra.dir)}\n`);
    throw error;
  } finally {
    clearInterval(refresh);
    await Promise.all(apps.map((a) => a.stop()));
    await db.end();
    await bus.close();
    if (!infra.ownsNats) {
      await deleteNamespaceStreams(infra.natsUrl, bus.namespace.streamPrefix);
    }
    if (process.env['BENCH_DATABASE_URL']) {
      await dropDatabase(infra.databaseUrl, dbName);
    }
  }
}

/** The ceiling (events-bench.ceiling.ts) on the same NATS and PostgreSQL, in a schema of its own. */
async function chainCeiling(
  bus: TestBus,
  databaseUrl: string,
  events: number,
): Promise<CeilingResult> {
  progress(`ceiling, ${events} events`);
  const schema = await createTestSchema(databaseUrl);
  try {
    return await measureCeiling({
      nc: bus.nc,
      signer: bus.member('CIV').signer,
      stream: streamName(bus.namespace, 'EVENTS'),
      subject: eventSubject(bus.namespace, 'CIV', 'ceiling-test'),
      databaseUrl,
      schema: schema.schema,
      events,
    });
  } finally {
    await schema.drop();
  }
}

async function dropDatabase(url: string, name: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
