import { Test, type TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import type { AgencyDefinition, LookupContext } from '@lienthong/adapter-kit';
import { DATA_SOURCE, PersistenceModule } from '@lienthong/persistence';
import { testDatabaseUrl } from './test-env';
import { createTestSchema } from './test-schema';

/** An agency's registry and look-up handlers wired by Nest on a real PostgreSQL schema of its own. */
export interface WiredAgencyRegistry {
  readonly moduleRef: TestingModule;
  readonly dataSource: DataSource;
  /** A look-up context reading this registry, as the kit would pass it to a handler. */
  context(): LookupContext;
  close(): Promise<void>;
}

/**
 * Runs an agency's migrations in a fresh schema and resolves its providers and look-up handlers
 * the way the adapter kit wires them, without the bus: the agency's own wiring test.
 */
export async function wireAgencyRegistry(
  definition: AgencyDefinition,
): Promise<WiredAgencyRegistry> {
  const schema = await createTestSchema(testDatabaseUrl());
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRootAsync({
        useFactory: () => ({
          url: testDatabaseUrl(),
          schema: schema.schema,
          entities: [...definition.entities],
          migrations: [...definition.migrations],
          applicationName: `${definition.member.toLowerCase()}-wiring-test`,
        }),
      }),
    ],
    providers: [...(definition.providers ?? []), ...definition.lookupHandlers],
  }).compile();
  const dataSource = moduleRef.get<DataSource>(DATA_SOURCE);
  return {
    moduleRef,
    dataSource,
    context: () => ({
      messageId: '5e0c7b1a-3f7d-4a8e-9b6c-1d2e3f4a5b60',
      correlationId: '5e0c7b1a-3f7d-4a8e-9b6c-1d2e3f4a5b60',
      consumer: { member: 'TEST', subsystem: 'registry' },
      purpose: { procedure: 'TEST', legalBasis: 'test', caseId: 'HS-0' },
      manager: dataSource.manager,
    }),
    close: async () => {
      await moduleRef.close();
      await schema.drop();
    },
  };
}
