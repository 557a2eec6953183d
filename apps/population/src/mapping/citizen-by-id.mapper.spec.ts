import { SchemaRegistry } from '@lienthong/schema';
import type { Citizen } from '../registry/citizen.entity';
import type { Household } from '../registry/household.entity';
import type { CitizenView } from '../registry/population-registry.repository';
import type { Residence } from '../registry/residence.entity';
import { toCitizenRecord, toDateOfBirth, type CitizenRecord } from './citizen-by-id.mapper';

const RESPONSE = 'urn:lienthong:population:citizen-by-id-response:1';
const schemas = new SchemaRegistry();

function citizen(overrides: Partial<Citizen> = {}): Citizen {
  return {
    personalId: '001085012345',
    fullName: 'Nguyễn Văn An',
    familyName: 'Nguyễn',
    middleName: 'Văn',
    givenName: 'An',
    birthDate: '1985-03-14',
    birthDatePrecision: 'FULL',
    sex: 'MALE',
    ethnicity: 'Kinh',
    religion: null,
    nationality: 'VN',
    birthRegistrationCommune: '01004',
    householdNo: '010040000001',
    relationshipToHead: 'HEAD',
    fatherId: null,
    motherId: '001158004321',
    spouseId: '001187054321',
    status: 'ALIVE',
    dateOfDeath: null,
    ...overrides,
  };
}

function household(overrides: Partial<Household> = {}): Household {
  return {
    householdNo: '010040000001',
    headPersonalId: '001085012345',
    communeCode: '01004',
    address: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
    registeredOn: '2010-05-20',
    ...overrides,
  };
}

function residence(kind: Residence['kind'], overrides: Partial<Residence> = {}): Residence {
  return {
    id: '1',
    personalId: '001085012345',
    kind,
    householdNo: '010040000001',
    communeCode: '01004',
    address: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
    registeredOn: '2010-05-20',
    removedOn: null,
    removalReason: null,
    ...overrides,
  };
}

function view(overrides: Partial<CitizenView> = {}): CitizenView {
  return {
    citizen: citizen(),
    household: household(),
    residences: { PERMANENT: residence('PERMANENT') },
    ...overrides,
  };
}

function validateFound(record: CitizenRecord): void {
  const fields = Object.keys(record);
  schemas.validate(RESPONSE, {
    status: 'FOUND',
    record,
    policy: { service: 'citizen-by-id', purpose: '1.001193', fields },
  });
}

describe('toCitizenRecord', () => {
  const cases: ReadonlyArray<{
    name: string;
    input: CitizenView;
    expected: Partial<CitizenRecord>;
  }> = [
    {
      name: 'a household head with a full date of birth and a permanent residence',
      input: view(),
      expected: {
        dateOfBirth: { value: '1985-03-14', precision: 'FULL' },
        permanentResidence: {
          communeCode: '01004',
          address: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
          since: '2010-05-20',
        },
        temporaryResidence: null,
        household: { householdNo: '010040000001', relationshipToHead: 'HEAD' },
        religion: null,
      },
    },
    {
      name: 'a year-month date of birth keeps only year and month',
      input: view({
        citizen: citizen({ birthDate: '1985-03-01', birthDatePrecision: 'YEAR_MONTH' }),
      }),
      expected: { dateOfBirth: { value: '1985-03', precision: 'YEAR_MONTH' } },
    },
    {
      name: 'a year-only date of birth keeps only the year',
      input: view({ citizen: citizen({ birthDate: '1950-01-01', birthDatePrecision: 'YEAR' }) }),
      expected: { dateOfBirth: { value: '1950', precision: 'YEAR' } },
    },
    {
      name: 'a citizen without household or residence gets nulls, not missing fields',
      input: view({
        citizen: citizen({ householdNo: null, relationshipToHead: null }),
        household: null,
        residences: {},
      }),
      expected: { household: null, permanentResidence: null, temporaryResidence: null },
    },
    {
      name: 'a temporary residence and a recorded relationship',
      input: view({
        citizen: citizen({ relationshipToHead: 'CHILD', religion: 'Phật giáo' }),
        household: household({ headPersonalId: '001158004321' }),
        residences: {
          TEMPORARY: residence('TEMPORARY', {
            communeCode: '79001',
            address: 'Phòng 3, số 5 Nguyễn Huệ',
            registeredOn: '2024-09-01',
          }),
        },
      }),
      expected: {
        household: { householdNo: '010040000001', relationshipToHead: 'CHILD' },
        permanentResidence: null,
        temporaryResidence: {
          communeCode: '79001',
          address: 'Phòng 3, số 5 Nguyễn Huệ',
          since: '2024-09-01',
        },
        religion: 'Phật giáo',
      },
    },
    {
      name: 'a missing relationship is HEAD for the head of the household',
      input: view({ citizen: citizen({ relationshipToHead: null }) }),
      expected: { household: { householdNo: '010040000001', relationshipToHead: 'HEAD' } },
    },
    {
      name: 'a missing relationship is OTHER for anyone else, never a guessed kinship',
      input: view({
        citizen: citizen({ relationshipToHead: null }),
        household: household({ headPersonalId: '001158004321' }),
      }),
      expected: { household: { householdNo: '010040000001', relationshipToHead: 'OTHER' } },
    },
    {
      name: 'a deceased citizen carries the date of death',
      input: view({ citizen: citizen({ status: 'DECEASED', dateOfDeath: '2024-10-01' }) }),
      expected: { status: 'DECEASED', dateOfDeath: '2024-10-01' },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const sut = toCitizenRecord(input);

    expect(sut).toMatchObject(expected);
    expect(Object.values(sut)).not.toContain(undefined);
    validateFound(sut);
  });

  it('returns every field of the record schema, so minimisation decides what leaves', () => {
    const sut = toCitizenRecord(view());
    const defs = schemas.get(RESPONSE)['$defs'] as { record: { properties: object } };

    expect(Object.keys(sut).sort()).toEqual(Object.keys(defs.record.properties).sort());
  });

  it('maps the identity and parent fields one to one', () => {
    const sut = toCitizenRecord(view());

    expect(sut).toMatchObject({
      personalId: '001085012345',
      fullName: 'Nguyễn Văn An',
      sex: 'MALE',
      ethnicity: 'Kinh',
      nationality: 'VN',
      birthRegistrationCommune: '01004',
      fatherId: null,
      motherId: '001158004321',
      spouseId: '001187054321',
      status: 'ALIVE',
    });
  });
});

describe('toDateOfBirth', () => {
  it.each([
    ['2001-12-31', 'FULL', '2001-12-31'],
    ['2001-12-01', 'YEAR_MONTH', '2001-12'],
    ['2001-01-01', 'YEAR', '2001'],
  ] as const)('%s with precision %s is %s', (stored, precision, value) => {
    expect(toDateOfBirth(stored, precision)).toEqual({ value, precision });
  });
});
