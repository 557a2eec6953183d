import { SchemaRegistry } from '@lienthong/schema';
import type { BirthRegistration } from '../registry/birth-registration.entity';
import type { PersonEvents } from '../registry/civil-status.repository';
import type { DeathRegistration } from '../registry/death-registration.entity';
import type { MarriageRegistration } from '../registry/marriage-registration.entity';
import {
  toCivilEventsRecord,
  toDateOfBirth,
  type CivilEventsRecord,
} from './civil-events-by-person.mapper';

const RESPONSE = 'urn:lienthong:civil-status:events-by-person-response:1';
const schemas = new SchemaRegistry();
const PERSON = '001085012345';
const MOTHER = '001158004321';
const WIFE = '001187054321';

function birth(overrides: Partial<BirthRegistration> = {}): BirthRegistration {
  return {
    id: '1',
    registeringCommune: '01004',
    bookNo: '01/1985',
    entryNo: 37,
    registeredOn: '1985-04-02',
    childPersonalId: PERSON,
    childFullName: 'Nguyễn Văn An',
    sex: 'MALE',
    birthDate: '1985-03-14',
    birthDatePrecision: 'FULL',
    placeOfBirth: 'Trạm y tế Xã số 4, Hà Nội',
    fatherPersonalId: null,
    motherPersonalId: MOTHER,
    registrationType: 'ON_TIME',
    ...overrides,
  };
}

function death(overrides: Partial<DeathRegistration> = {}): DeathRegistration {
  return {
    id: '7',
    registeringCommune: '01004',
    bookNo: '01/2024',
    entryNo: 12,
    registeredOn: '2024-10-08',
    deceasedPersonalId: MOTHER,
    deceasedFullName: 'Trần Thị Mai',
    dateOfDeath: '2024-10-01',
    placeOfDeath: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
    declarantPersonalId: PERSON,
    ...overrides,
  };
}

function marriage(overrides: Partial<MarriageRegistration> = {}): MarriageRegistration {
  return {
    id: '3',
    registeringCommune: '01004',
    bookNo: '01/2011',
    entryNo: 5,
    registeredOn: '2011-06-18',
    husbandPersonalId: PERSON,
    wifePersonalId: WIFE,
    status: 'REGISTERED',
    ...overrides,
  };
}

function validateFound(record: CivilEventsRecord): void {
  schemas.validate(RESPONSE, {
    status: 'FOUND',
    record,
    policy: { service: 'civil-events-by-person', purpose: '1.011537', fields: Object.keys(record) },
  });
}

describe('toCivilEventsRecord', () => {
  const cases: ReadonlyArray<{
    name: string;
    personalId: string;
    events: PersonEvents;
    /** Asymmetric matchers allowed, hence not `Partial<CivilEventsRecord>`. */
    expected: Readonly<Record<string, unknown>>;
  }> = [
    {
      name: 'a birth and a marriage, each with its book reference',
      personalId: PERSON,
      events: { birth: birth(), death: null, marriages: [marriage()] },
      expected: {
        personalId: PERSON,
        birth: {
          registration: {
            communeCode: '01004',
            bookNo: '01/1985',
            entryNo: 37,
            registeredOn: '1985-04-02',
          },
          fullName: 'Nguyễn Văn An',
          sex: 'MALE',
          dateOfBirth: { value: '1985-03-14', precision: 'FULL' },
          placeOfBirth: 'Trạm y tế Xã số 4, Hà Nội',
          fatherId: null,
          motherId: MOTHER,
          registrationType: 'ON_TIME',
        },
        death: null,
        marriages: [
          {
            registration: {
              communeCode: '01004',
              bookNo: '01/2011',
              entryNo: 5,
              registeredOn: '2011-06-18',
            },
            husbandId: PERSON,
            wifeId: WIFE,
            status: 'REGISTERED',
          },
        ],
      },
    },
    {
      name: 'only a death: no birth act and no marriages',
      personalId: MOTHER,
      events: { birth: null, death: death(), marriages: [] },
      expected: {
        personalId: MOTHER,
        birth: null,
        death: {
          registration: {
            communeCode: '01004',
            bookNo: '01/2024',
            entryNo: 12,
            registeredOn: '2024-10-08',
          },
          dateOfDeath: '2024-10-01',
          placeOfDeath: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
          declarantId: PERSON,
        },
        marriages: [],
      },
    },
    {
      name: 'a late registration with a year-month date of birth and a death without declarant',
      personalId: PERSON,
      events: {
        birth: birth({
          birthDate: '1985-03-01',
          birthDatePrecision: 'YEAR_MONTH',
          registrationType: 'LATE',
        }),
        death: death({ deceasedPersonalId: PERSON, declarantPersonalId: null }),
        marriages: [],
      },
      expected: {
        birth: expect.objectContaining({
          dateOfBirth: { value: '1985-03', precision: 'YEAR_MONTH' },
          registrationType: 'LATE',
        }),
        death: expect.objectContaining({ declarantId: null }),
      },
    },
    {
      name: 'a wife sees a divorce and a later marriage, in registry order',
      personalId: WIFE,
      events: {
        birth: null,
        death: null,
        marriages: [
          marriage({ status: 'DIVORCED' }),
          marriage({
            id: '9',
            bookNo: '01/2020',
            entryNo: 2,
            registeredOn: '2020-01-10',
            husbandPersonalId: '001080000123',
          }),
        ],
      },
      expected: {
        marriages: [
          expect.objectContaining({ status: 'DIVORCED', husbandId: PERSON }),
          expect.objectContaining({ status: 'REGISTERED', husbandId: '001080000123' }),
        ],
      },
    },
  ];

  it.each(cases)('$name', ({ personalId, events, expected }) => {
    const sut = toCivilEventsRecord(personalId, events);

    expect(sut).toMatchObject(expected);
    expect(Object.values(sut)).not.toContain(undefined);
    validateFound(sut);
  });

  it('returns every field of the record schema, so minimisation decides what leaves', () => {
    const sut = toCivilEventsRecord(PERSON, { birth: birth(), death: null, marriages: [] });
    const defs = schemas.get(RESPONSE)['$defs'] as { record: { properties: object } };

    expect(Object.keys(sut).sort()).toEqual(Object.keys(defs.record.properties).sort());
  });
});

describe('toDateOfBirth', () => {
  it.each([
    ['2024-03-02', 'FULL', '2024-03-02'],
    ['2024-03-01', 'YEAR_MONTH', '2024-03'],
    ['2024-01-01', 'YEAR', '2024'],
  ] as const)('%s with precision %s is %s', (stored, precision, value) => {
    expect(toDateOfBirth(stored, precision)).toEqual({ value, precision });
  });
});
