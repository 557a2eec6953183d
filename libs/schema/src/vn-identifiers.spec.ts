import Ajv from 'ajv';
import {
  LEGACY_PROVINCES,
  PROVINCES_2025,
  addVietnameseFormats,
  enterpriseCheckDigit,
  isEnterpriseCode,
  isHealthInsuranceCardCode,
  isOrganId,
  isPersonalId,
  isSocialInsuranceNumber,
  parsePersonalId,
} from './vn-identifiers';

const today = new Date('2026-06-01T00:00:00Z');

describe('isPersonalId', () => {
  it.each([
    ['001085012345', true, 'Hà Nội, male born 1985'],
    ['079301000001', true, 'TP HCM, female born 2001'],
    ['096226999999', true, 'Cà Mau, male born 2026'],
    ['001227012345', false, 'born 2027, after today'],
    ['003085012345', false, 'province 03 does not exist'],
    ['101085012345', false, 'province code must start with 0'],
    ['00108501234', false, '11 digits'],
    ['0010850123456', false, '13 digits'],
    ['00108501234a', false, 'a letter'],
    ['001485012345', false, '22nd century'],
    ['', false, 'empty'],
  ])('%s → %s (%s)', (value, expected) => {
    expect(isPersonalId(value, today)).toBe(expected);
  });

  it('reads province, sex and birth year', () => {
    expect(parsePersonalId('079301000001', today)).toEqual({
      provinceCode: '79',
      sex: 'FEMALE',
      birthYear: 2001,
    });
    expect(parsePersonalId('001085012345', today)?.sex).toBe('MALE');
  });
});

describe('isEnterpriseCode', () => {
  it.each([
    ['0100047516', true, 'the worked example'],
    ['0100047517', false, 'check digit off by one'],
    ['0100047515', false, 'check digit off by one downwards'],
    ['0100047526', false, 'sequence digit changed'],
    ['0100047516-001', true, 'first branch'],
    ['0100047516-999', true, 'last branch'],
    ['0100047516-000', false, 'branch suffix 000'],
    ['0100047517-001', false, 'branch of an invalid parent'],
    ['0100047516001', false, 'branch without dash'],
    ['0000000019', false, 'province 00'],
    ['010004751', false, '9 digits'],
    ['01000475166', false, '11 digits'],
  ])('%s → %s (%s)', (value, expected) => {
    expect(isEnterpriseCode(value)).toBe(expected);
  });

  it('rejects sequence 0000000 even when the check digit matches', () => {
    const check = enterpriseCheckDigit('010000000');
    expect(check).toBeDefined();
    expect(isEnterpriseCode(`010000000${String(check)}`)).toBe(false);
  });

  it('computes the check digit and refuses prefixes whose rule yields 10', () => {
    expect(enterpriseCheckDigit('010004751')).toBe(6);
    expect(enterpriseCheckDigit('01000475')).toBeUndefined();
    const prefixes = Array.from({ length: 200 }, (_, i) => `0100${String(i).padStart(5, '0')}`);
    const withoutDigit = prefixes.filter((p) => enterpriseCheckDigit(p) === undefined);
    expect(withoutDigit.length).toBeGreaterThan(0);
    for (const prefix of withoutDigit) {
      for (let d = 0; d <= 9; d += 1) {
        expect(isEnterpriseCode(`${prefix}${d}`)).toBe(false);
      }
    }
  });
});

describe('isSocialInsuranceNumber', () => {
  it.each([
    ['7912345678', true],
    ['0000000001', true],
    ['0000000000', false],
    ['791234567', false],
    ['79123456789', false],
    ['79123456a8', false],
  ])('%s → %s', (value, expected) => {
    expect(isSocialInsuranceNumber(value)).toBe(expected);
  });
});

describe('isHealthInsuranceCardCode', () => {
  it.each([
    ['TE1797912345678', true, 'child under 6'],
    ['DN4017912345678', true, 'employee'],
    ['HT3017912345678', true, 'retiree'],
    ['ZZ1797912345678', false, 'unknown group'],
    ['TE6797912345678', false, 'benefit level 6'],
    ['TE0797912345678', false, 'benefit level 0'],
    ['te1797912345678', false, 'lower case'],
    ['TE179791234567', false, '14 characters'],
    ['TE1790000000000', false, 'all-zero social-insurance number'],
  ])('%s → %s (%s)', (value, expected) => {
    expect(isHealthInsuranceCardCode(value)).toBe(expected);
  });
});

describe('isOrganId', () => {
  it.each([
    ['000.00.00.G22', true],
    ['000.00.18.G12', true],
    ['000.00.00.H41', true],
    ['000.00.00.g22', false],
    ['00.00.00.G22', false],
    ['000.00.00.G2', false],
    ['000-00-00-G22', false],
  ])('%s → %s', (value, expected) => {
    expect(isOrganId(value)).toBe(expected);
  });
});

describe('province tables', () => {
  it('holds 63 legacy units and 34 merged ones covering every legacy code once', () => {
    expect(Object.keys(LEGACY_PROVINCES)).toHaveLength(63);
    expect(PROVINCES_2025).toHaveLength(34);
    const folded = PROVINCES_2025.flatMap((p) => p.legacyCodes).sort();
    expect(folded).toEqual(Object.keys(LEGACY_PROVINCES).sort());
  });
});

describe('addVietnameseFormats', () => {
  it('registers every format so a schema can name it', () => {
    const sut = addVietnameseFormats(new Ajv({ strict: true }));
    const validate = sut.compile({
      type: 'object',
      properties: {
        personalId: { type: 'string', format: 'vn-personal-id' },
        enterpriseCode: { type: 'string', format: 'vn-enterprise-code' },
        socialInsuranceNumber: { type: 'string', format: 'vn-social-insurance-number' },
        cardCode: { type: 'string', format: 'vn-health-insurance-card' },
        organId: { type: 'string', format: 'vn-organ-id' },
      },
    });
    const valid = {
      personalId: '001085012345',
      enterpriseCode: '0100047516',
      socialInsuranceNumber: '7912345678',
      cardCode: 'TE1797912345678',
      organId: '000.00.00.G22',
    };
    expect(validate(valid)).toBe(true);
    for (const key of Object.keys(valid)) {
      expect(validate({ ...valid, [key]: 'x' })).toBe(false);
    }
  });
});
