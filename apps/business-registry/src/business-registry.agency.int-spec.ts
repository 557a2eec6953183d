import type { LookupHandler } from '@lienthong/adapter-kit';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { EnterpriseByCodeHandler } from './handlers/enterprise-by-code.handler';
import { BUSINESS_REGISTRY_AGENCY } from './business-registry.agency';

// Real: PostgreSQL and Nest's injector, wired as the adapter kit wires an agency's providers.
describe('BUSINESS_REGISTRY_AGENCY', () => {
  let registry: WiredAgencyRegistry;

  beforeAll(async () => {
    registry = await wireAgencyRegistry(BUSINESS_REGISTRY_AGENCY);
  });

  afterAll(async () => {
    await registry.close();
  });

  it('is member BIZ, subsystem registry, serving enterprise-by-code', () => {
    expect(BUSINESS_REGISTRY_AGENCY).toMatchObject({ member: 'BIZ', subsystem: 'registry' });
    expect(BUSINESS_REGISTRY_AGENCY.lookupHandlers).toEqual([EnterpriseByCodeHandler]);
  });

  it('migrates its registry and resolves its handler with the registry repository', async () => {
    const sut = registry.moduleRef.get<LookupHandler>(EnterpriseByCodeHandler);
    expect(sut.service).toBe('enterprise-by-code');
    await expect(sut.handle(registry.context(), { enterpriseCode: '0301234562' })).resolves.toEqual(
      { status: 'NOT_FOUND' },
    );
  });
});
