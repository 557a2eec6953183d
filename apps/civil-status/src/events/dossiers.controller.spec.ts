import { parseDossierFilter } from './dossiers.controller';

describe('parseDossierFilter', () => {
  it('reads every filter, and defaults the page size', () => {
    const after = Buffer.from(
      '2026-12-01T02:00:00.000Z|0193b3a0-0000-7000-8000-000000000001',
    ).toString('base64url');
    expect(
      parseDossierFilter({
        status: 'IN_PROGRESS',
        procedure: 'DEATH',
        overdue: 'true',
        from: '2026-12-01',
        to: '2026-12-31',
        limit: '20',
        after,
      }),
    ).toEqual({
      status: 'IN_PROGRESS',
      procedure: 'DEATH',
      overdue: true,
      from: '2026-12-01',
      to: '2026-12-31',
      limit: 20,
      after: {
        receivedAt: '2026-12-01T02:00:00.000Z',
        id: '0193b3a0-0000-7000-8000-000000000001',
      },
    });
    expect(parseDossierFilter({})).toEqual({ limit: 50 });
    expect(parseDossierFilter({ overdue: 'false', status: '' })).toEqual({
      limit: 50,
      overdue: false,
    });
  });

  it.each([
    { status: 'DONE' },
    { procedure: 'MARRIAGE' },
    { overdue: 'yes' },
    { from: '01/12/2026' },
    { to: '2026-13-45' },
    { limit: '0' },
    { limit: '201' },
    { limit: '2.5' },
    { after: 'bm90LWEtY3Vyc29y' },
    { status: ['IN_PROGRESS', 'COMPLETED'] },
  ])('refuses %j with DOSSIER_FILTER_INVALID', (query) => {
    expect(() => parseDossierFilter(query)).toThrow(
      expect.objectContaining({ code: 'DOSSIER_FILTER_INVALID' }),
    );
  });
});
