// The provider side of the naive signed pipeline, in a process of its own like the population
// adapter it is compared with. Spawned by lookup.bench.ts; reads its inputs from the environment.
import { readFileSync } from 'node:fs';
import { connectBus, drainBus } from '@lienthong/messaging';
import { loadCeilingKeys, serveCeiling } from './ceiling-pipeline';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is required`);
  }
  return value;
}

async function main(): Promise<void> {
  const { template, ids } = JSON.parse(readFileSync(required('CEILING_RECORDS_FILE'), 'utf8')) as {
    template: Record<string, unknown>;
    ids: string[];
  };
  const records = new Map(ids.map((personalId) => [personalId, { ...template, personalId }]));
  const keys = loadCeilingKeys(required('CEILING_KEY_FILE'), required('CEILING_PEER_CERT_FILE'));
  const nc = await connectBus({ servers: required('CEILING_NATS_URL'), name: 'bench-ceiling' });
  serveCeiling(nc, required('CEILING_SUBJECT'), keys, records);
  await nc.flush();
  const stop = () => void drainBus(nc).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ceiling responder failed: ${String(error)}\n`);
  process.exit(1);
});
