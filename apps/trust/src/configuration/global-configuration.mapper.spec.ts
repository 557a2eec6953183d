import {
  toGlobalConfiguration,
  type GlobalConfigurationInput,
} from './global-configuration.mapper';

const CENTRAL_PEM = '-----BEGIN CERTIFICATE-----\nQ0VOVFJBTA==\n-----END CERTIFICATE-----\n';
const OTHER_PEM = '-----BEGIN CERTIFICATE-----\nT1RIRVI=\n-----END CERTIFICATE-----\n';

function input(members: GlobalConfigurationInput['snapshot']['members']): GlobalConfigurationInput {
  return {
    snapshot: { members, services: [], accessRights: [], eventRights: [], revocations: [] },
    version: 7,
    instance: 'LT-TEST',
    issuedAt: new Date('2026-01-01T00:00:00.000Z'),
    validitySeconds: 600,
    anchors: ['root'],
    intermediates: ['issuing'],
    settings: { clockSkewSeconds: 30, maxMessageBytes: 1048576, maxLifetimeSeconds: 86400 },
    central: { member: 'TRUST', subsystem: 'central', pem: CENTRAL_PEM },
  };
}

describe('toGlobalConfiguration', () => {
  it('derives expiry from validity and keeps version, instance and trust material', () => {
    const sut = toGlobalConfiguration(input([]));
    expect(sut).toMatchObject({
      version: 7,
      instance: 'LT-TEST',
      issuedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T00:10:00.000Z',
      anchors: ['root'],
      intermediates: ['issuing'],
    });
  });

  it('adds TRUST/central with its certificate when TRUST is not registered', () => {
    const sut = toGlobalConfiguration(
      input([
        { code: 'POP', name: 'Population', subsystems: [{ code: 'registry', certificates: [] }] },
      ]),
    );
    expect(sut.members.map((m) => m.code)).toEqual(['POP', 'TRUST']);
    expect(sut.members[1]?.subsystems).toEqual([{ code: 'central', certificates: [CENTRAL_PEM] }]);
  });

  it('merges the central certificate into a registered TRUST without duplicating it', () => {
    const sut = toGlobalConfiguration(
      input([
        {
          code: 'TRUST',
          name: 'Trust service',
          subsystems: [
            { code: 'central', certificates: [OTHER_PEM, CENTRAL_PEM] },
            { code: 'admin', certificates: [] },
          ],
        },
      ]),
    );
    expect(sut.members).toEqual([
      {
        code: 'TRUST',
        name: 'Trust service',
        subsystems: [
          { code: 'admin', certificates: [] },
          { code: 'central', certificates: [OTHER_PEM, CENTRAL_PEM] },
        ],
      },
    ]);
  });
});
