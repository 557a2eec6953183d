import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AdapterKitModule, loadAdapterConfig, type AgencyDefinition } from '@lienthong/adapter-kit';
import { ProblemFilter } from '@lienthong/errors';

/** An adapter that only exchanges documents: the kit with no registry and no look-ups. */
export function benchAgency(member: string, schema: string): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Bench ${member}`,
    schema,
    entities: [],
    migrations: [],
    lookupHandlers: [],
    documents: {},
  };
}

/** Starts an adapter of `member` in this process from its environment; HTTP on a free port. */
export async function startBenchAdapter(
  member: string,
  schema: string,
  env: Record<string, string>,
): Promise<INestApplication> {
  const config = loadAdapterConfig(env);
  const moduleRef = await Test.createTestingModule({
    imports: [AdapterKitModule.forAgency(benchAgency(member, schema), config)],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  app.useGlobalFilters(new ProblemFilter());
  await app.listen(0, '127.0.0.1');
  return app;
}
