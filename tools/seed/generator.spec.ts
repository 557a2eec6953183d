import {
  isEnterpriseCode,
  isHealthInsuranceCardCode,
  isPersonalId,
  isSocialInsuranceNumber,
  parsePersonalId,
} from '@lienthong/schema';
import { RegistryGenerator } from './generator';
import { addYears, toDay } from './seed-calendar';
import { type SeedBatch, type SeedRow, emptyBatch } from './seed-tables';

function generate(
  seed: string | number,
  citizens: number,
): { sut: RegistryGenerator; all: SeedBatch } {
  const sut = new RegistryGenerator({ seed, citizens, batchSize: 500 });
  const all = emptyBatch();
  for (const batch of sut.batches()) {
    for (const [name, rows] of Object.entries(batch) as [keyof SeedBatch, SeedRow[]][]) {
      all[name].push(...rows);
    }
  }
  return { sut, all };
}

const asOf = new Date('2026-01-01T00:00:00Z');

describe('RegistryGenerator', () => {
  const { sut, all } = generate('unit', 3_000);
  const citizens = new Map(all.citizens.map((c) => [c.personal_id as string, c]));

  it('generates exactly the requested number of citizens, each id unique and valid', () => {
    expect(all.citizens).toHaveLength(3_000);
    expect(citizens.size).toBe(3_000);
    for (const id of citizens.keys()) {
      expect(isPersonalId(id, asOf)).toBe(true);
    }
  });

  it('encodes birth province, sex and year in the personal id consistently', () => {
    for (const citizen of all.citizens) {
      const parts = parsePersonalId(citizen.personal_id as string, asOf);
      expect(parts?.sex).toBe(citizen.sex);
      expect(String(parts?.birthYear)).toBe(String(citizen.birth_date).slice(0, 4));
      expect(String(citizen.birth_registration_commune).slice(0, 2)).toBe(parts?.provinceCode);
    }
  });

  it('gives everyone one birth registration that names the same parents', () => {
    expect(all.births).toHaveLength(3_000);
    for (const birth of all.births) {
      const citizen = citizens.get(birth.child_personal_id as string);
      expect(birth.father_personal_id).toBe(citizen?.father_id);
      expect(birth.mother_personal_id).toBe(citizen?.mother_id);
      expect(birth.registering_commune).toBe(citizen?.birth_registration_commune);
    }
  });

  it('links only to seeded relatives, symmetric spouses, parents at least 14 years older', () => {
    const problems: string[] = [];
    for (const citizen of all.citizens) {
      const id = String(citizen.personal_id);
      const spouse =
        citizen.spouse_id === null ? undefined : citizens.get(String(citizen.spouse_id));
      if (citizen.spouse_id !== null && spouse?.spouse_id !== id) {
        problems.push(`${id}: spouse ${String(citizen.spouse_id)} missing or not linked back`);
      }
      for (const key of ['father_id', 'mother_id'] as const) {
        const parent = citizen[key] === null ? undefined : citizens.get(String(citizen[key]));
        const gap = parent
          ? toDay(String(citizen.birth_date)) - toDay(String(parent.birth_date))
          : Infinity;
        if (citizen[key] !== null && gap < 14 * 365) {
          problems.push(`${id}: ${key} ${String(citizen[key])} missing or too young`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has about 5% deceased, each with a death registration and a removed residence', () => {
    const deceased = all.citizens.filter((c) => c.status === 'DECEASED');
    expect(deceased.length / 3_000).toBeGreaterThan(0.02);
    expect(deceased.length / 3_000).toBeLessThan(0.08);
    const deaths = new Set(all.deaths.map((d) => d.deceased_personal_id));
    const removed = new Set(
      all.residences.filter((r) => r.removed_on !== null).map((r) => r.personal_id),
    );
    for (const person of deceased) {
      expect(deaths.has(person.personal_id)).toBe(true);
      expect(removed.has(person.personal_id)).toBe(true);
    }
  });

  it('gives every living child under 6 a TE card and only them', () => {
    const sixYearsAgo = addYears(toDay('2026-01-01'), -6);
    const children = all.citizens.filter(
      (c) => c.status === 'ALIVE' && toDay(String(c.birth_date)) > sixYearsAgo,
    );
    const te = all.cards.filter((card) => card.beneficiary_group === 'TE');
    expect(new Set(te.map((card) => card.personal_id))).toEqual(
      new Set(children.map((c) => c.personal_id)),
    );
  });

  it('insures about 70% of adults with well-formed numbers and card codes', () => {
    for (const person of all.insuredPersons) {
      expect(isSocialInsuranceNumber(person.social_insurance_number as string)).toBe(true);
    }
    for (const card of all.cards) {
      expect(isHealthInsuranceCardCode(card.card_code as string)).toBe(true);
      expect(String(card.card_code).endsWith(String(card.social_insurance_number))).toBe(true);
    }
    const numbers = new Set(all.insuredPersons.map((p) => p.social_insurance_number));
    expect(numbers.size).toBe(all.insuredPersons.length);
  });

  it('founds about one enterprise per 20 adults, represented by seeded citizens', () => {
    const parents = all.enterprises.filter((e) => e.parent_code === null);
    expect(parents.length).toBeGreaterThan(50);
    for (const enterprise of all.enterprises) {
      expect(isEnterpriseCode(enterprise.enterprise_code as string)).toBe(true);
    }
    for (const rep of all.representatives) {
      expect(citizens.get(rep.personal_id as string)?.status).toBe('ALIVE');
    }
  });

  it('finds every kind of sample', () => {
    const samples = sut.samples;
    expect(samples.livingAdult).toBeDefined();
    expect(samples.childUnder6).toBeDefined();
    expect(samples.deceased).toBeDefined();
    expect(samples.enterprise).toBeDefined();
  });

  it('is deterministic: same seed same digest, other seed other digest', () => {
    expect(generate('unit', 3_000).sut.digest()).toBe(sut.digest());
    expect(generate('other', 3_000).sut.digest()).not.toBe(sut.digest());
  });
});
