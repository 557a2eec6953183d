import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AdapterKitModule,
  createDocumentTables,
  dropDocumentTables,
  loadAdapterConfig,
  type AgencyDefinition,
} from '@lienthong/adapter-kit';
import { ProblemFilter } from '@lienthong/errors';

/** Document tables of a bench adapter's schema. */
class CreateBenchDocuments1795600000100 implements MigrationInterface {
  readonly name = 'CreateBenchDocuments1795600000100';
  up(queryRunner: QueryRunner): Promise<void> {
    return createDocumentTables(queryRunner);
  }
  down(queryRunner: QueryRunner): Promise<void> {
    return dropDocumentTables(queryRunner);
  }
}

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
    documents: { migrations: [CreateBenchDocuments1795600000100] },
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
