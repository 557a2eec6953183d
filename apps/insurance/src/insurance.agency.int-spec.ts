import type { LookupHandler } from '@lienthong/adapter-kit';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { InsuranceByPersonHandler } from './handlers/insurance-by-person.handler';
import { INSURANCE_AGENCY } from './insurance.agency';

// Real: PostgreSQL and Nest's injector, wired as the adapter kit wires an agency's providers.
describe('INSURANCE_AGENCY', () => {
  let registry: WiredAgencyRegistry;

  beforeAll(async () => {
    registry = await wireAgencyRegistry(INSURANCE_AGENCY);
  });

  afterAll(async () => {
    await registry.close();
  });

  it('is member INS, subsystem registry, serving insurance-by-person', () => {
    expect(INSURANCE_AGENCY).toMatchObject({ member: 'INS', subsystem: 'registry' });
    expect(INSURANCE_AGENCY.lookupHandlers).toEqual([InsuranceByPersonHandler]);
  });

  it('migrates its registry and resolves its handler with the registry repository', async () => {
    const sut = registry.moduleRef.get<LookupHandler>(InsuranceByPersonHandler);
    expect(sut.service).toBe('insurance-by-person');
    await expect(sut.handle(registry.context(), { personalId: '001099999999' })).resolves.toEqual({
      status: 'NOT_FOUND',
    });
  });
});
