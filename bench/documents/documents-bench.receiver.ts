// Child process of `npm run bench:documents`: the receiving adapter (CIV), on its own core.
// Reads its adapter environment and schema from LT_BENCH_RECEIVER (JSON), prints "ready".
import { startBenchAdapter } from './documents-bench.agency';

async function main(): Promise<void> {
  const input = JSON.parse(process.env['LT_BENCH_RECEIVER'] ?? '{}') as {
    member: string;
    schema: string;
    env: Record<string, string>;
  };
  const app = await startBenchAdapter(input.member, input.schema, input.env);
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`receiver failed: ${String(error)}\n`);
  process.exit(1);
});
