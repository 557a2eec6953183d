import type { Prng } from './prng';
import { addYears, ageOn, fromDay } from './seed-calendar';
import type { IdentifierAllocator } from './seed-identifiers';
import { fullName, type SeedHousehold, type SeedPerson } from './seed-person';
import type { SeedBatch } from './seed-tables';
import { ENTERPRISE_SECTORS, ENTERPRISE_WORDS } from './vn-names';

type LegalForm = 'PRIVATE_ENTERPRISE' | 'LLC_SINGLE_MEMBER' | 'LLC_MULTI_MEMBER' | 'JOINT_STOCK';

const FORMS: readonly (readonly [LegalForm, number])[] = [
  ['LLC_SINGLE_MEMBER', 35],
  ['LLC_MULTI_MEMBER', 25],
  ['JOINT_STOCK', 20],
  ['PRIVATE_ENTERPRISE', 20],
];

const FORM_NAMES: Record<LegalForm, string> = {
  PRIVATE_ENTERPRISE: 'Doanh nghiệp tư nhân',
  LLC_SINGLE_MEMBER: 'Công ty TNHH một thành viên',
  LLC_MULTI_MEMBER: 'Công ty TNHH',
  JOINT_STOCK: 'Công ty Cổ phần',
};

const POSITIONS: Record<LegalForm, string> = {
  PRIVATE_ENTERPRISE: 'Chủ doanh nghiệp',
  LLC_SINGLE_MEMBER: 'Giám đốc',
  LLC_MULTI_MEMBER: 'Giám đốc',
  JOINT_STOCK: 'Chủ tịch Hội đồng quản trị',
};

const STATUSES = [
  ['ACTIVE', 88],
  ['SUSPENDED', 5],
  ['DISSOLVED', 7],
] as const;

/**
 * Writes enterprises founded by living adults (about one per twenty adults): the founder is the
 * legal representative, sometimes with the spouse; some enterprises have a branch; each has a
 * registration history that ends in its current status.
 */
export class EnterpriseRows {
  constructor(
    private readonly rng: Prng,
    private readonly ids: IdentifierAllocator,
    private readonly asOfDay: number,
  ) {}

  /** Maybe founds an enterprise represented by `person`; returns its code when it did. */
  add(batch: SeedBatch, person: SeedPerson, household: SeedHousehold): string | undefined {
    const age = ageOn(person.birthDay, this.asOfDay);
    if (person.deathDay !== null || age < 22 || !this.rng.chance(0.05)) {
      return undefined;
    }
    const code = this.ids.enterpriseCode(household.provinceCode);
    const form = this.rng.weighted(FORMS);
    const status = this.rng.weighted(STATUSES);
    const earliest = Math.max(addYears(person.birthDay, 22), this.asOfDay - 25 * 365);
    const founded = this.rng.int(earliest, this.asOfDay - 1);
    const name = `${FORM_NAMES[form]} ${this.rng.pick(ENTERPRISE_SECTORS)} ${this.rng.pick(ENTERPRISE_WORDS)}`;
    const row = {
      enterprise_code: code,
      parent_code: null,
      name,
      short_name: null,
      legal_form: form,
      status,
      founding_date: fromDay(founded),
      commune_code: household.communeCode,
      address: household.address,
      charter_capital: this.rng.int(1, 500) * 100_000_000,
    };
    batch.enterprises.push(row);
    this.addRepresentatives(batch, code, form, founded, person, household);
    this.addHistory(batch, code, founded, status);
    if (this.rng.chance(0.1)) {
      const branch = `${code}-001`;
      batch.enterprises.push({
        ...row,
        enterprise_code: branch,
        parent_code: code,
        name: `Chi nhánh ${name}`,
        legal_form: 'BRANCH',
        charter_capital: null,
      });
      this.addRepresentatives(batch, branch, form, founded, person, household);
      this.addHistory(batch, branch, founded, status);
    }
    return status === 'ACTIVE' ? code : undefined;
  }

  private addRepresentatives(
    batch: SeedBatch,
    code: string,
    form: LegalForm,
    founded: number,
    person: SeedPerson,
    household: SeedHousehold,
  ): void {
    batch.representatives.push({
      enterprise_code: code,
      personal_id: person.personalId,
      full_name: fullName(person),
      position: POSITIONS[form],
      since: fromDay(founded),
    });
    const spouse = household.members.find((m) => m.personalId === person.spouseId);
    if (form === 'JOINT_STOCK' && spouse && spouse.deathDay === null && this.rng.chance(0.3)) {
      batch.representatives.push({
        enterprise_code: code,
        personal_id: spouse.personalId,
        full_name: fullName(spouse),
        position: 'Tổng Giám đốc',
        since: fromDay(founded),
      });
    }
  }

  private addHistory(batch: SeedBatch, code: string, founded: number, status: string): void {
    const days = [founded];
    const amendments = this.rng.int(0, 2) + (status === 'ACTIVE' ? 0 : 1);
    for (let i = 0; i < amendments; i += 1) {
      days.push(this.rng.int(founded, this.asOfDay - 1));
    }
    days.sort((a, b) => a - b);
    days.forEach((day, index) => {
      const last = index === days.length - 1 && index > 0;
      const kind = index === 0 ? 'FOUNDED' : last && status !== 'ACTIVE' ? status : 'AMENDED';
      batch.registrationEvents.push({
        enterprise_code: code,
        seq: index + 1,
        kind,
        registered_on: fromDay(day),
        description: kind === 'AMENDED' ? 'Thay đổi nội dung đăng ký doanh nghiệp' : null,
      });
    });
  }
}
