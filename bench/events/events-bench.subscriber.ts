// Child process of `npm run bench:events`: the subscribing adapter (POP) in a process of its own,
// as it runs in production, so publisher and subscriber each have a core. Reads its adapter
// environment and schema from LT_BENCH_SUBSCRIBER (JSON), prints "ready" once it holds a verified
// configuration, closes on SIGTERM.
import { setTimeout as sleep } from 'node:timers/promises';
import { Test } from '@nestjs/testing';
import { AdapterKitModule, BusRuntime, loadAdapterConfig } from '@lienthong/adapter-kit';
import { eventsBenchAgency } from './events-bench.agency';

async function main(): Promise<void> {
  const input = JSON.parse(process.env['LT_BENCH_SUBSCRIBER'] ?? '{}') as {
    schema: string;
    env: Record<string, string>;
  };
  const config = loadAdapterConfig(input.env, { requireOfficerKey: false });
  const moduleRef = await Test.createTestingModule({
    imports: [AdapterKitModule.forAgency(eventsBenchAgency('POP', input.schema), config)],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  const runtime = app.get(BusRuntime);
  for (let waited = 0; !runtime.configuration.status().ok; waited += 50) {
    if (waited > 10_000) {
      throw new Error('POP holds no verified configuration');
    }
    await sleep(50);
  }
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`subscriber failed: ${String(error)}\n`);
  process.exit(1);
});
