import type { LookupHandler } from '@lienthong/adapter-kit';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { CivilEventsByPersonHandler } from './handlers/civil-events-by-person.handler';
import { CIVIL_STATUS_AGENCY } from './civil-status.agency';

// Real: PostgreSQL and Nest's injector, wired as the adapter kit wires an agency's providers.
describe('CIVIL_STATUS_AGENCY', () => {
  let registry: WiredAgencyRegistry;

  beforeAll(async () => {
    registry = await wireAgencyRegistry(CIVIL_STATUS_AGENCY);
  });

  afterAll(async () => {
    await registry.close();
  });

  it('is member CIV, subsystem registry, serving civil-events-by-person', () => {
    expect(CIVIL_STATUS_AGENCY).toMatchObject({ member: 'CIV', subsystem: 'registry' });
    expect(CIVIL_STATUS_AGENCY.lookupHandlers).toEqual([CivilEventsByPersonHandler]);
  });

  it('migrates its registry and resolves its handler with the registry repository', async () => {
    const sut = registry.moduleRef.get<LookupHandler>(CivilEventsByPersonHandler);
    expect(sut.service).toBe('civil-events-by-person');
    await expect(sut.handle(registry.context(), { personalId: '001099999999' })).resolves.toEqual({
      status: 'NOT_FOUND',
    });
  });
});
