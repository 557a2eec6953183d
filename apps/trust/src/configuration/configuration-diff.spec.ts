import { type RegistrySnapshot } from './configuration.constants';
import { diffConfigurations } from './configuration-diff';

const CIV = { member: 'CIV', subsystem: 'registry' };
const BIZ = { member: 'BIZ', subsystem: 'registry' };

function snapshot(parts: Partial<RegistrySnapshot> = {}): RegistrySnapshot {
  return {
    members: [
      { code: 'CIV', name: 'Hộ tịch', subsystems: [{ code: 'registry', certificates: [] }] },
    ],
    services: [],
    accessRights: [
      { consumer: CIV, service: 'citizen-by-id', purposes: ['KHAI-SINH-LT'], fields: ['fullName'] },
    ],
    eventRights: [],
    revocations: [],
    ...parts,
  };
}

describe('diffConfigurations', () => {
  it('finds nothing between equal snapshots, whatever the key order of their entries', () => {
    const reordered = snapshot({
      accessRights: [
        {
          fields: ['fullName'],
          purposes: ['KHAI-SINH-LT'],
          service: 'citizen-by-id',
          consumer: CIV,
        },
      ],
    });
    expect(diffConfigurations(snapshot(), reordered)).toEqual([]);
  });

  it('names an added right, a removed event right and a changed right, sorted', () => {
    const from = snapshot({
      eventRights: [{ subscriber: BIZ, publisher: 'CIV', eventType: 'death-registered' }],
    });
    const to = snapshot({
      accessRights: [
        {
          consumer: CIV,
          service: 'citizen-by-id',
          purposes: ['KHAI-SINH-LT'],
          fields: ['fullName', 'dateOfBirth'],
        },
        {
          consumer: BIZ,
          service: 'civil-events-by-person',
          purposes: ['DKDN'],
          fields: ['events'],
        },
      ],
    });
    expect(diffConfigurations(from, to)).toEqual([
      {
        section: 'accessRights',
        change: 'added',
        key: 'BIZ/registry → civil-events-by-person',
        before: null,
        after: expect.objectContaining({ purposes: ['DKDN'] }),
      },
      {
        section: 'accessRights',
        change: 'changed',
        key: 'CIV/registry → citizen-by-id',
        before: expect.objectContaining({ fields: ['fullName'] }),
        after: expect.objectContaining({ fields: ['fullName', 'dateOfBirth'] }),
      },
      {
        section: 'eventRights',
        change: 'removed',
        key: 'BIZ/registry ← CIV: death-registered',
        before: expect.objectContaining({ eventType: 'death-registered' }),
        after: null,
      },
    ]);
  });

  it('shows a suspension and a revocation', () => {
    const to = snapshot({
      members: [
        {
          code: 'CIV',
          name: 'Hộ tịch',
          subsystems: [{ code: 'registry', certificates: [] }],
          suspension: { since: '2026-12-07T00:00:00.000Z' },
        },
      ],
      revocations: [
        {
          thumbprint: 'abc',
          serialNumber: '1f',
          revokedAt: '2026-12-07T00:00:00.000Z',
          reason: 'superseded',
        },
      ],
    });
    expect(diffConfigurations(snapshot(), to).map((d) => [d.section, d.change, d.key])).toEqual([
      ['members', 'changed', 'CIV'],
      ['revocations', 'added', 'abc'],
    ]);
  });
});
