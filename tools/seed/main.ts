import { Command, InvalidArgumentError } from 'commander';
import { readEnv } from '@lienthong/config';
import { startProgress } from '../shared/progress';
import { seedRegistries } from './seed';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('must be a positive integer');
  }
  return parsed;
}

interface SeedCliOptions {
  readonly citizens: number;
  readonly seed: string;
  readonly databaseUrl?: string;
  readonly batchSize: number;
  readonly asOf?: string;
}

/**
 * The `seed` command: migrates the four registry schemas and fills them with synthetic data,
 * then prints the summary (counts, digest, sample ids) as JSON. Exported so that the `lt` CLI
 * can mount it as `lt seed`.
 */
export function seedCommand(): Command {
  return new Command('seed')
    .description('fill the four agency registries with reproducible synthetic data')
    .option('--citizens <n>', 'number of citizens', positiveInteger, 500)
    .option('--seed <seed>', 'seed of the generator; equal seeds give equal data', 'lienthong')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .option('--batch-size <n>', 'citizens per insert batch', positiveInteger, 5_000)
    .option('--as-of <date>', 'the "today" of the data, YYYY-MM-DD')
    .action(async (options: SeedCliOptions) => {
      const databaseUrl = options.databaseUrl ?? readEnv('DATABASE_URL');
      if (databaseUrl === undefined) {
        throw new InvalidArgumentError('--database-url or DATABASE_URL is required');
      }
      const progress = startProgress({
        label: 'seed',
        total: options.citizens,
        unit: 'citizens',
      });
      const summary = await seedRegistries({
        databaseUrl,
        citizens: options.citizens,
        seed: options.seed,
        batchSize: options.batchSize,
        ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
        onProgress: (stored) => progress.update(stored),
      }).finally(() => progress.finish());
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    });
}

if (require.main === module) {
  seedCommand()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(
        `seed failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
