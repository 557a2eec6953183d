import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessGroup } from '@lienthong/devstack';
import { connectBus, drainBus } from '@lienthong/messaging';
import type { TestBus } from '@lienthong/testing';
import { ceilingLookup, loadCeilingKeys } from './ceiling-pipeline';
import { closedLoop, type LevelResult } from './lookup-bench.load';
import { childProcessEnv } from './lookup-bench.stack';

/** What the naive pipeline is measured with: the adapters' keys, NATS and registry sample. */
export interface CeilingInput {
  readonly distDir: string;
  readonly bus: TestBus;
  readonly natsUrl: string;
  readonly dir: string;
  readonly personalIds: readonly string[];
  /** A minimised record as the full path returned it, so both carry answers of the same size. */
  readonly record: Record<string, unknown>;
  readonly levels: readonly number[];
  readonly durationMs: number;
  readonly warmupMs: number;
}

const READY_TIMEOUT_MS = 15_000;

/**
 * Runs the provider side of the naive pipeline as its own process (POP's key, a map of the
 * sampled citizens) and drives it from here with CIV's key at each level.
 */
export async function measureCeiling(input: CeilingInput): Promise<LevelResult[]> {
  const pop = input.bus.member('POP');
  const civ = input.bus.member('CIV');
  const recordsFile = join(input.dir, 'ceiling-records.json');
  writeFileSync(recordsFile, JSON.stringify({ template: input.record, ids: input.personalIds }));
  const subject = `${input.bus.namespace.subjectRoot}.bench.ceiling`;
  const group = new ProcessGroup({ echo: false });
  group.spawn(
    'ceiling-responder',
    process.execPath,
    [join(input.distDir, 'bench/lookup/ceiling-responder.js')],
    {
      env: {
        ...childProcessEnv(),
        CEILING_NATS_URL: input.natsUrl,
        CEILING_SUBJECT: subject,
        CEILING_KEY_FILE: pop.keyFile,
        CEILING_PEER_CERT_FILE: civ.certFile,
        CEILING_RECORDS_FILE: recordsFile,
      },
      logFile: join(input.dir, 'ceiling-responder.log'),
    },
  );
  const nc = await connectBus({ servers: input.natsUrl, name: 'bench-ceiling-client' });
  try {
    const keys = loadCeilingKeys(civ.keyFile, pop.certFile);
    let sequence = 0;
    const pick = () =>
      input.personalIds[Math.floor(Math.random() * input.personalIds.length)] ?? '';
    const lookup = () => ceilingLookup(nc, subject, keys, pick(), sequence++);
    await waitUntilServing(lookup, group);
    const results: LevelResult[] = [];
    for (const concurrency of input.levels) {
      results.push(
        await closedLoop(lookup, {
          concurrency,
          durationMs: input.durationMs,
          warmupMs: input.warmupMs,
        }),
      );
    }
    return results;
  } finally {
    await drainBus(nc);
    await group.stopAll('SIGTERM', 5000);
  }
}

async function waitUntilServing(lookup: () => Promise<void>, group: ProcessGroup): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      await lookup();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `the ceiling responder did not answer: ${String(error)}\n${group.recentOutput('ceiling-responder').join('\n')}`,
        );
      }
      await sleep(100);
    }
  }
}
