import { SchemaRegistry } from '@lienthong/schema';
import type { HealthInsuranceCard } from '../registry/health-insurance-card.entity';
import type { InsuranceView } from '../registry/insurance.repository';
import type { ParticipationPeriod } from '../registry/participation-period.entity';
import {
  currentCard,
  toInsuranceRecord,
  vietnamToday,
  type InsuranceRecord,
} from './insurance-by-person.mapper';

const RESPONSE = 'urn:lienthong:insurance:insurance-by-person-response:1';
const schemas = new SchemaRegistry();
const TODAY = '2026-06-15';

function period(overrides: Partial<ParticipationPeriod> = {}): ParticipationPeriod {
  return {
    id: '1',
    socialInsuranceNumber: '0112345678',
    scheme: 'COMPULSORY',
    employerCode: '0100047516',
    fromMonth: '2012-10-01',
    toMonth: null,
    ...overrides,
  };
}

function card(overrides: Partial<HealthInsuranceCard> = {}): HealthInsuranceCard {
  return {
    id: '1',
    cardCode: 'DN4010112345678',
    socialInsuranceNumber: '0112345678',
    personalId: '001085012345',
    beneficiaryGroup: 'DN',
    benefitLevel: 4,
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    registeredClinic: '01012',
    status: 'ACTIVE',
    ...overrides,
  };
}

function view(overrides: Partial<InsuranceView> = {}): InsuranceView {
  return {
    person: {
      socialInsuranceNumber: '0112345678',
      personalId: '001085012345',
      fullName: 'Nguyễn Văn An',
      provinceCode: '01',
      issuedOn: '2012-10-01',
    },
    periods: [period()],
    cards: [card()],
    ...overrides,
  };
}

function validateFound(record: InsuranceRecord): void {
  schemas.validate(RESPONSE, {
    status: 'FOUND',
    record,
    policy: { service: 'insurance-by-person', purpose: '1.011537', fields: Object.keys(record) },
  });
}

const lastYear = card({ id: '0', validFrom: '2025-01-01', validTo: '2025-12-31' });
const nextYear = card({ id: '2', validFrom: '2027-01-01', validTo: '2027-12-31' });

describe('toInsuranceRecord', () => {
  const cases: ReadonlyArray<{
    name: string;
    input: InsuranceView;
    /** Asymmetric matchers allowed, hence not `Partial<InsuranceRecord>`. */
    expected: Readonly<Record<string, unknown>>;
  }> = [
    {
      name: 'an open compulsory period and a card in force',
      input: view(),
      expected: {
        personalId: '001085012345',
        socialInsuranceNumber: '0112345678',
        participating: true,
        participation: [
          { scheme: 'COMPULSORY', employerCode: '0100047516', fromMonth: '2012-10', toMonth: null },
        ],
        healthInsuranceCard: {
          cardCode: 'DN4010112345678',
          beneficiaryGroup: 'DN',
          benefitLevel: 4,
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
          registeredClinic: '01012',
          status: 'ACTIVE',
        },
      },
    },
    {
      name: 'a period that ended last month is history, not participation',
      input: view({ periods: [period({ toMonth: '2026-05-01' })] }),
      expected: {
        participating: false,
        participation: [
          {
            scheme: 'COMPULSORY',
            employerCode: '0100047516',
            fromMonth: '2012-10',
            toMonth: '2026-05',
          },
        ],
      },
    },
    {
      name: 'a period whose last month is this month still counts',
      input: view({
        periods: [
          period({ toMonth: '2020-12-01' }),
          period({
            id: '2',
            scheme: 'VOLUNTARY',
            employerCode: null,
            fromMonth: '2021-01-01',
            toMonth: '2026-06-01',
          }),
        ],
      }),
      expected: { participating: true },
    },
    {
      name: 'a period starting next month is not participation yet',
      input: view({ periods: [period({ fromMonth: '2026-07-01' })] }),
      expected: { participating: false },
    },
    {
      name: 'no periods and no card: empty history and a null card',
      input: view({ periods: [], cards: [] }),
      expected: { participating: false, participation: [], healthInsuranceCard: null },
    },
    {
      name: 'a renewal issued ahead does not hide the card in force',
      input: view({ cards: [nextYear, card(), lastYear] }),
      expected: {
        healthInsuranceCard: expect.objectContaining({ validFrom: '2026-01-01' }),
      },
    },
    {
      name: 'a lapsed card the registry still marks ACTIVE is answered EXPIRED',
      input: view({ cards: [lastYear] }),
      expected: {
        healthInsuranceCard: expect.objectContaining({
          validTo: '2025-12-31',
          status: 'EXPIRED',
        }),
      },
    },
    {
      name: 'a revoked card stays REVOKED',
      input: view({ cards: [card({ status: 'REVOKED' })] }),
      expected: { healthInsuranceCard: expect.objectContaining({ status: 'REVOKED' }) },
    },
    {
      name: "a child's TE card without end date",
      input: view({
        cards: [
          card({
            cardCode: 'TE1010112345678',
            beneficiaryGroup: 'TE',
            benefitLevel: 1,
            validTo: null,
          }),
        ],
      }),
      expected: {
        healthInsuranceCard: expect.objectContaining({
          beneficiaryGroup: 'TE',
          validTo: null,
          status: 'ACTIVE',
        }),
      },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const sut = toInsuranceRecord(input, TODAY);

    expect(sut).toMatchObject(expected);
    expect(Object.values(sut)).not.toContain(undefined);
    validateFound(sut);
  });

  it('returns every field of the record schema, so minimisation decides what leaves', () => {
    const sut = toInsuranceRecord(view(), TODAY);
    const defs = schemas.get(RESPONSE)['$defs'] as { record: { properties: object } };

    expect(Object.keys(sut).sort()).toEqual(Object.keys(defs.record.properties).sort());
  });
});

describe('currentCard', () => {
  it.each([
    ['the card in force', [nextYear, card(), lastYear], '2026-01-01'],
    ['the latest started card when none is in force', [nextYear, lastYear], '2025-01-01'],
    ['the next card when none has started', [nextYear], '2027-01-01'],
  ] as const)('picks %s', (_name, cards, validFrom) => {
    expect(currentCard(cards, TODAY)?.validFrom).toBe(validFrom);
  });

  it('has no card for a person without cards', () => {
    expect(currentCard([], TODAY)).toBeUndefined();
  });
});

describe('vietnamToday', () => {
  it.each([
    ['2026-06-14T16:59:59.999Z', '2026-06-14'],
    ['2026-06-14T17:00:00.000Z', '2026-06-15'],
    ['2026-12-31T23:00:00.000Z', '2027-01-01'],
  ])('%s is %s in Vietnam', (instant, date) => {
    expect(vietnamToday(new Date(instant))).toBe(date);
  });
});
