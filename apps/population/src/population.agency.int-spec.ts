import type { LookupHandler } from '@lienthong/adapter-kit';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { CitizenByIdHandler } from './handlers/citizen-by-id.handler';
import { POPULATION_AGENCY } from './population.agency';

// Real: PostgreSQL and Nest's injector, wired as the adapter kit wires an agency's providers.
describe('POPULATION_AGENCY', () => {
  let registry: WiredAgencyRegistry;

  beforeAll(async () => {
    registry = await wireAgencyRegistry(POPULATION_AGENCY);
  });

  afterAll(async () => {
    await registry.close();
  });

  it('is member POP, subsystem registry, serving citizen-by-id', () => {
    expect(POPULATION_AGENCY).toMatchObject({ member: 'POP', subsystem: 'registry' });
    expect(POPULATION_AGENCY.lookupHandlers).toEqual([CitizenByIdHandler]);
  });

  it('migrates its registry and resolves its handler with the registry repository', async () => {
    const sut = registry.moduleRef.get<LookupHandler>(CitizenByIdHandler);
    expect(sut.service).toBe('citizen-by-id');
    await expect(sut.handle(registry.context(), { personalId: '001099999999' })).resolves.toEqual({
      status: 'NOT_FOUND',
    });
  });
});
