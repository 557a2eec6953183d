import { SchemaRegistry } from '@lienthong/schema';
import type { EnterpriseView } from '../registry/business-registry.repository';
import type { Enterprise } from '../registry/enterprise.entity';
import type { LegalRepresentative } from '../registry/legal-representative.entity';
import type { RegistrationEvent } from '../registry/registration-event.entity';
import { toEnterpriseRecord, type EnterpriseRecord } from './enterprise-by-code.mapper';

const RESPONSE = 'urn:lienthong:business-registry:enterprise-by-code-response:1';
const schemas = new SchemaRegistry();

function enterprise(overrides: Partial<Enterprise> = {}): Enterprise {
  return {
    enterpriseCode: '0100047516',
    parentCode: null,
    name: 'Công ty TNHH Thương mại Phát Đạt',
    shortName: null,
    legalForm: 'LLC_MULTI_MEMBER',
    status: 'ACTIVE',
    foundingDate: '2012-09-03',
    communeCode: '01004',
    address: 'Số 12, đường Lê Lợi',
    charterCapital: 5_000_000_000,
    ...overrides,
  };
}

const director: LegalRepresentative = {
  enterpriseCode: '0100047516',
  personalId: '001085012345',
  fullName: 'Nguyễn Văn An',
  position: 'Giám đốc',
  since: '2012-09-03',
};

const founded: RegistrationEvent = {
  enterpriseCode: '0100047516',
  seq: 1,
  kind: 'FOUNDED',
  registeredOn: '2012-09-03',
  description: null,
};

function view(overrides: Partial<EnterpriseView> = {}): EnterpriseView {
  return {
    enterprise: enterprise(),
    representatives: [director],
    history: [founded],
    ...overrides,
  };
}

function validateFound(record: EnterpriseRecord): void {
  schemas.validate(RESPONSE, {
    status: 'FOUND',
    record,
    policy: { service: 'enterprise-by-code', purpose: 'BHXH-DON-VI', fields: Object.keys(record) },
  });
}

describe('toEnterpriseRecord', () => {
  const cases: ReadonlyArray<{
    name: string;
    input: EnterpriseView;
    expected: Partial<EnterpriseRecord>;
  }> = [
    {
      name: 'an enterprise with a representative, one history entry and its address nested',
      input: view(),
      expected: {
        enterpriseCode: '0100047516',
        parentCode: null,
        shortName: null,
        registeredAddress: { communeCode: '01004', address: 'Số 12, đường Lê Lợi' },
        charterCapital: 5_000_000_000,
        legalRepresentatives: [
          {
            personalId: '001085012345',
            fullName: 'Nguyễn Văn An',
            position: 'Giám đốc',
            since: '2012-09-03',
          },
        ],
        registrationHistory: [
          { seq: 1, kind: 'FOUNDED', registeredOn: '2012-09-03', description: null },
        ],
      },
    },
    {
      name: 'a branch names its parent and has no charter capital',
      input: view({
        enterprise: enterprise({
          enterpriseCode: '0100047516-001',
          parentCode: '0100047516',
          name: 'Chi nhánh Công ty TNHH Thương mại Phát Đạt tại TP. Hồ Chí Minh',
          legalForm: 'BRANCH',
          charterCapital: null,
          communeCode: '79001',
        }),
      }),
      expected: {
        enterpriseCode: '0100047516-001',
        parentCode: '0100047516',
        legalForm: 'BRANCH',
        charterCapital: null,
      },
    },
    {
      name: 'a dissolved enterprise keeps its history in registry order',
      input: view({
        enterprise: enterprise({ status: 'DISSOLVED', shortName: 'PHAT DAT CO' }),
        history: [
          founded,
          {
            ...founded,
            seq: 2,
            kind: 'AMENDED',
            registeredOn: '2019-02-11',
            description: 'Đổi trụ sở',
          },
          { ...founded, seq: 3, kind: 'DISSOLVED', registeredOn: '2025-12-01' },
        ],
      }),
      expected: {
        status: 'DISSOLVED',
        shortName: 'PHAT DAT CO',
        registrationHistory: [
          { seq: 1, kind: 'FOUNDED', registeredOn: '2012-09-03', description: null },
          { seq: 2, kind: 'AMENDED', registeredOn: '2019-02-11', description: 'Đổi trụ sở' },
          { seq: 3, kind: 'DISSOLVED', registeredOn: '2025-12-01', description: null },
        ],
      },
    },
    {
      name: 'an enterprise without representatives or history answers empty lists',
      input: view({ representatives: [], history: [] }),
      expected: { legalRepresentatives: [], registrationHistory: [] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const sut = toEnterpriseRecord(input);

    expect(sut).toMatchObject(expected);
    expect(Object.values(sut)).not.toContain(undefined);
    validateFound(sut);
  });

  it('returns every field of the record schema, so minimisation decides what leaves', () => {
    const sut = toEnterpriseRecord(view());
    const defs = schemas.get(RESPONSE)['$defs'] as { record: { properties: object } };

    expect(Object.keys(sut).sort()).toEqual(Object.keys(defs.record.properties).sort());
  });

  it('does not leak the registry key columns into nested items', () => {
    const sut = toEnterpriseRecord(view());

    expect(sut.legalRepresentatives[0]).not.toHaveProperty('enterpriseCode');
    expect(sut.registrationHistory[0]).not.toHaveProperty('enterpriseCode');
  });
});
