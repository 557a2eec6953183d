import { normaliseProcedures } from './death-registration.service';

describe('normaliseProcedures', () => {
  it('puts a choice of 2, 3 or 4 in the statutory order', () => {
    expect(normaliseProcedures(['RESIDENCE_REMOVAL', 'DEATH_REGISTRATION'])).toEqual([
      'DEATH_REGISTRATION',
      'RESIDENCE_REMOVAL',
    ]);
    expect(
      normaliseProcedures([
        'SURVIVOR_BENEFIT',
        'FUNERAL_ALLOWANCE',
        'RESIDENCE_REMOVAL',
        'DEATH_REGISTRATION',
      ]),
    ).toHaveLength(4);
  });

  it.each([
    [['DEATH_REGISTRATION']],
    [['DEATH_REGISTRATION', 'FUNERAL_ALLOWANCE']],
    [['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL', 'SURVIVOR_BENEFIT']],
    [['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL', 'RESIDENCE_REMOVAL']],
    [['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL', 'MARRIAGE']],
  ])('refuses %j with DEATH_PROCEDURES_INVALID', (chosen) => {
    expect(() => normaliseProcedures(chosen)).toThrow(
      expect.objectContaining({ code: 'DEATH_PROCEDURES_INVALID' }),
    );
  });
});
