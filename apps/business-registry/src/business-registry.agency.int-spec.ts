import { Test, type TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import type { LookupHandler } from '@lienthong/adapter-kit';
import { DATA_SOURCE, PersistenceModule } from '@lienthong/persistence';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { EnterpriseByCodeHandler } from './handlers/enterprise-by-code.handler';
import { BUSINESS_REGISTRY_AGENCY } from './business-registry.agency';

// Real: PostgreSQL and Nest's injector, wired as the adapter kit wires an agency's providers.
describe('BUSINESS_REGISTRY_AGENCY', () => {
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
            entities: [...BUSINESS_REGISTRY_AGENCY.entities],
            migrations: [...BUSINESS_REGISTRY_AGENCY.migrations],
            applicationName: 'business-registry-agency-int-spec',
          }),
        }),
      ],
      providers: [
        ...(BUSINESS_REGISTRY_AGENCY.providers ?? []),
        ...BUSINESS_REGISTRY_AGENCY.lookupHandlers,
      ],
    }).compile();
  });

  afterAll(async () => {
    await moduleRef.close();
    await testSchema.drop();
  });

  it('is member BIZ, subsystem registry, serving enterprise-by-code', () => {
    expect(BUSINESS_REGISTRY_AGENCY).toMatchObject({ member: 'BIZ', subsystem: 'registry' });
    expect(BUSINESS_REGISTRY_AGENCY.lookupHandlers).toEqual([EnterpriseByCodeHandler]);
  });

  it('migrates its registry and resolves its handler with the registry repository', async () => {
    const sut = moduleRef.get<LookupHandler>(EnterpriseByCodeHandler);
    const dataSource = moduleRef.get<DataSource>(DATA_SOURCE);

    expect(sut.service).toBe('enterprise-by-code');
    await expect(
      sut.handle(
        {
          messageId: '5e0c7b1a-3f7d-4a8e-9b6c-1d2e3f4a5b60',
          correlationId: '5e0c7b1a-3f7d-4a8e-9b6c-1d2e3f4a5b60',
          consumer: { member: 'TEST', subsystem: 'registry' },
          purpose: { procedure: '1.011537', legalBasis: 'test', caseId: 'HS-0' },
          manager: dataSource.manager,
        },
        { enterpriseCode: '0301234562' },
      ),
    ).resolves.toEqual({ status: 'NOT_FOUND' });
  });
});
