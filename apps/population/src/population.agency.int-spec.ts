import { Test, type TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import type { LookupHandler } from '@lienthong/adapter-kit';
import { DATA_SOURCE, PersistenceModule } from '@lienthong/persistence';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { CitizenByIdHandler } from './handlers/citizen-by-id.handler';
import { POPULATION_AGENCY } from './population.agency';

// Real: PostgreSQL and Nest's injector, wired as the adapter kit wires an agency's providers.
describe('POPULATION_AGENCY', () => {
  let testSchema: TestSchema;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    testSchema = await createTestSchema(testDatabaseUrl());
    moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: testDatabaseUrl(),
            schema: testSchema.schema,
            entities: [...POPULATION_AGENCY.entities],
            migrations: [...POPULATION_AGENCY.migrations],
            applicationName: 'population-agency-int-spec',
          }),
        }),
      ],
      providers: [...(POPULATION_AGENCY.providers ?? []), ...POPULATION_AGENCY.lookupHandlers],
    }).compile();
  });

  afterAll(async () => {
    await moduleRef.close();
    await testSchema.drop();
  });

  it('is member POP, subsystem registry, serving citizen-by-id', () => {
    expect(POPULATION_AGENCY).toMatchObject({ member: 'POP', subsystem: 'registry' });
    expect(POPULATION_AGENCY.lookupHandlers).toEqual([CitizenByIdHandler]);
  });

  it('migrates its registry and resolves its handler with the registry repository', async () => {
    const sut = moduleRef.get<LookupHandler>(CitizenByIdHandler);
    const dataSource = moduleRef.get<DataSource>(DATA_SOURCE);

    expect(sut.service).toBe('citizen-by-id');
    await expect(
      sut.handle(
        {
          messageId: '5e0c7b1a-3f7d-4a8e-9b6c-1d2e3f4a5b60',
          correlationId: '5e0c7b1a-3f7d-4a8e-9b6c-1d2e3f4a5b60',
          consumer: { member: 'TEST', subsystem: 'registry' },
          purpose: { procedure: '1.011537', legalBasis: 'test', caseId: 'HS-0' },
          manager: dataSource.manager,
        },
        { personalId: '001099999999' },
      ),
    ).resolves.toEqual({ status: 'NOT_FOUND' });
  });
});
