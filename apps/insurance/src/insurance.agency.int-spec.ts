import { Test, type TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import type { LookupHandler } from '@lienthong/adapter-kit';
import { DATA_SOURCE, PersistenceModule } from '@lienthong/persistence';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { InsuranceByPersonHandler } from './handlers/insurance-by-person.handler';
import { INSURANCE_AGENCY } from './insurance.agency';

// Real: PostgreSQL and Nest's injector, wired as the adapter kit wires an agency's providers.
describe('INSURANCE_AGENCY', () => {
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
            entities: [...INSURANCE_AGENCY.entities],
            migrations: [...INSURANCE_AGENCY.migrations],
            applicationName: 'insurance-agency-int-spec',
          }),
        }),
      ],
      providers: [...(INSURANCE_AGENCY.providers ?? []), ...INSURANCE_AGENCY.lookupHandlers],
    }).compile();
  });

  afterAll(async () => {
    await moduleRef.close();
    await testSchema.drop();
  });

  it('is member INS, subsystem registry, serving insurance-by-person', () => {
    expect(INSURANCE_AGENCY).toMatchObject({ member: 'INS', subsystem: 'registry' });
    expect(INSURANCE_AGENCY.lookupHandlers).toEqual([InsuranceByPersonHandler]);
  });

  it('migrates its registry and resolves its handler with the registry repository', async () => {
    const sut = moduleRef.get<LookupHandler>(InsuranceByPersonHandler);
    const dataSource = moduleRef.get<DataSource>(DATA_SOURCE);

    expect(sut.service).toBe('insurance-by-person');
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
