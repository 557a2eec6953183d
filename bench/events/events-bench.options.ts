/** What `npm run bench:events` was asked to run; see the header of events.bench.ts. */
export type EventsBenchOptions =
  | { readonly mode: 'synthetic'; readonly events: number; readonly natsRestart: boolean }
  | {
      readonly mode: 'chain';
      readonly births: number;
      readonly concurrency: number;
      readonly citizens: number;
      /** `--profile`: each app runs with `--cpu-prof`; the folder is printed on stderr. */
      readonly profile: boolean;
    };

/** A refused command line: printed as it is, without a stack. */
export class UsageError extends Error {}

const USAGE =
  'use --events=N [--nats-restart], or --chain [--births=N] [--concurrency=N] [--citizens=N] [--profile]';

/** Parses the arguments after `--`; `env` is read for BENCH_NATS_URL. */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): EventsBenchOptions {
  const given = new Map<string, string | undefined>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(\d+))?$/.exec(arg);
    const [, name, value] = match ?? [];
    const numeric = ['events', 'births', 'concurrency', 'citizens'].includes(name ?? '');
    const flag = name === 'chain' || name === 'nats-restart' || name === 'profile';
    if (!name || (numeric && (value === undefined || Number(value) < 1)) || (flag && value)) {
      throw new UsageError(`unknown argument ${arg}; ${USAGE}`);
    }
    if (!numeric && !flag) {
      throw new UsageError(`unknown argument ${arg}; ${USAGE}`);
    }
    given.set(name, value);
  }
  const count = (name: string, fallback: number) => Number(given.get(name) ?? fallback);
  if (given.has('chain')) {
    for (const synthetic of ['events', 'nats-restart']) {
      if (given.has(synthetic)) {
        throw new UsageError(
          `--${synthetic} belongs to the synthetic pipeline, not to --chain (which takes --births, --concurrency, --citizens, --profile)`,
        );
      }
    }
    return {
      mode: 'chain',
      births: count('births', 1_000),
      concurrency: count('concurrency', 16),
      citizens: count('citizens', 5_000),
      profile: given.has('profile'),
    };
  }
  for (const chain of ['births', 'concurrency', 'citizens', 'profile']) {
    if (given.has(chain)) {
      throw new UsageError(`--${chain} needs --chain; ${USAGE}`);
    }
  }
  const natsRestart = given.has('nats-restart');
  if (natsRestart && env['BENCH_NATS_URL']) {
    throw new UsageError(
      '--nats-restart stops and restarts the nats-server the bench started: unset BENCH_NATS_URL (a server the bench did not start cannot be restarted)',
    );
  }
  return { mode: 'synthetic', events: count('events', 3_000), natsRestart };
}
