import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startNatsServer, startPostgres, type RunningNats } from '@lienthong/devstack';

/** What one NATS outage did: when it began and how long clients had no server. */
export interface NatsOutage {
  /** Milliseconds from the start of the measured run to SIGTERM. */
  readonly stoppedAtMs: number;
  /** From SIGTERM until the restarted server accepted connections again. */
  readonly downMs: number;
}

/** NATS and PostgreSQL of one run: BENCH_NATS_URL / BENCH_DATABASE_URL, or started here (fsync on). */
export interface EventsBenchInfrastructure {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  /** Scratch folder of the run, removed by `stop`. */
  readonly dir: string;
  /** Whether the bench started the nats-server itself (only then may it restart it). */
  readonly ownsNats: boolean;
  /**
   * Stops the bench's nats-server, keeps it down `downMs`, restarts it on the same port and store
   * directory (JetStream streams, consumers and the configuration bucket survive on disk).
   */
  restartNats(downMs: number, since: number): Promise<NatsOutage>;
  stop(): Promise<void>;
}

export async function startInfrastructure(): Promise<EventsBenchInfrastructure> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-bench-events-'));
  chmodSync(dir, 0o755);
  const storeDir = join(dir, 'nats');
  const givenNats = process.env['BENCH_NATS_URL'];
  const givenDatabase = process.env['BENCH_DATABASE_URL'];
  let nats: RunningNats | undefined = givenNats ? undefined : await startNatsServer({ storeDir });
  const postgres = givenDatabase
    ? undefined
    : await startPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  const natsUrl = givenNats ?? nats?.url;
  const databaseUrl = givenDatabase ?? postgres?.url;
  if (!natsUrl || !databaseUrl) {
    throw new Error('no NATS or PostgreSQL for the bench');
  }
  return {
    natsUrl,
    databaseUrl,
    dir,
    ownsNats: nats !== undefined,
    restartNats: async (downMs, since) => {
      const running = nats;
      if (!running) {
        throw new Error('the bench did not start this nats-server: it cannot restart it');
      }
      const stoppedAt = performance.now();
      nats = undefined;
      await running.stop();
      await sleep(Math.max(0, downMs - (performance.now() - stoppedAt)));
      nats = await startNatsServer({ storeDir, port: running.port });
      return {
        stoppedAtMs: Math.round(stoppedAt - since),
        downMs: Math.round(performance.now() - stoppedAt),
      };
    },
    stop: async () => {
      await nats?.stop();
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
