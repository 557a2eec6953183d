import { createHash } from 'node:crypto';
import { LEGACY_PROVINCES } from '@lienthong/schema';
import { EnterpriseRows } from './enterprise-rows';
import { type CommuneTable, HouseholdComposer } from './household-composer';
import { InsuranceRows, type InsuranceOutcome } from './insurance-rows';
import { PopulationRows } from './population-rows';
import { Prng } from './prng';
import { ageOn, toDay } from './seed-calendar';
import { IdentifierAllocator } from './seed-identifiers';
import type { SeedHousehold, SeedPerson } from './seed-person';
import { SEED_TABLES, type SeedBatch, type SeedTableName, emptyBatch } from './seed-tables';

/** What to generate. Equal options give equal data, byte for byte. */
export interface GeneratorOptions {
  readonly seed: string | number;
  /** Number of citizens (living and deceased) to generate. */
  readonly citizens: number;
  /** Roughly how many citizens each yielded batch carries; defaults to 5,000. */
  readonly batchSize?: number;
  /** The "today" of the data set (ages, validity, deaths); defaults to {@link DEFAULT_AS_OF}. */
  readonly asOf?: string;
}

/** Default reference date of generated data, fixed so that data does not depend on the clock. */
export const DEFAULT_AS_OF = '2026-01-01';

/** Number of synthetic communes per legacy province. */
export const COMMUNES_PER_PROVINCE = 12;

/** Ids of a few generated records worth showing in a README or using in tests. */
export interface SeedSamples {
  /** Alive, adult, married, insured with a card, and legal representative of an active enterprise. */
  readonly livingAdult?: string;
  readonly childUnder6?: string;
  readonly deceased?: string;
  /** An active enterprise (parent, not a branch). */
  readonly enterprise?: string;
}

/**
 * Generates consistent synthetic data for the four registries, household by household, as
 * batches of rows. Read `samples`, `counts` and `digest()` after consuming every batch.
 */
export class RegistryGenerator {
  readonly asOf: string;
  readonly counts: Record<SeedTableName, number>;
  private readonly samplesFound: { -readonly [K in keyof SeedSamples]: SeedSamples[K] } = {};
  private readonly hash = createHash('sha256');
  private readonly employers: string[] = [];

  constructor(readonly options: GeneratorOptions) {
    this.asOf = options.asOf ?? DEFAULT_AS_OF;
    this.counts = Object.fromEntries(Object.keys(SEED_TABLES).map((t) => [t, 0])) as Record<
      SeedTableName,
      number
    >;
  }

  /** The sample ids found so far. */
  get samples(): SeedSamples {
    return { ...this.samplesFound };
  }

  /** SHA-256 (hex) of every row yielded so far, in order. */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  /** Yields the rows, first the synthetic communes, then about `batchSize` citizens at a time. */
  *batches(): Generator<SeedBatch> {
    const rng = new Prng(this.options.seed);
    const ids = new IdentifierAllocator(rng.int(0, 99_999_999));
    const asOfDay = toDay(this.asOf);
    const { communes, names, batch: first } = buildCommunes();
    const composer = new HouseholdComposer(rng, ids, asOfDay, communes);
    const population = new PopulationRows(rng, asOfDay, names);
    const insurance = new InsuranceRows(rng, ids, asOfDay);
    const enterprises = new EnterpriseRows(rng, ids, asOfDay);
    const batchSize = this.options.batchSize ?? 5_000;
    let batch = first;
    let produced = 0;
    for (let index = 0; produced < this.options.citizens; index += 1) {
      const household = composer.compose(index);
      household.members.splice(this.options.citizens - produced);
      dropMissingRelatives(household);
      produced += household.members.length;
      population.add(batch, household);
      for (const person of household.members) {
        const enterprise = enterprises.add(batch, person, household);
        const outcome = insurance.add(batch, person, household, this.employers);
        if (enterprise) {
          this.employers.push(enterprise);
        }
        this.noteSample(person, household, asOfDay, outcome, enterprise);
      }
      if (batch.citizens.length >= batchSize || produced >= this.options.citizens) {
        yield this.seal(batch);
        batch = emptyBatch();
      }
    }
  }

  private seal(batch: SeedBatch): SeedBatch {
    for (const name of Object.keys(batch) as SeedTableName[]) {
      this.counts[name] += batch[name].length;
    }
    this.hash.update(JSON.stringify(batch));
    return batch;
  }

  private noteSample(
    person: SeedPerson,
    household: SeedHousehold,
    asOfDay: number,
    outcome: InsuranceOutcome,
    enterprise: string | undefined,
  ): void {
    const found = this.samplesFound;
    const age = ageOn(person.birthDay, asOfDay);
    if (person.deathDay !== null) {
      found.deceased ??= person.personalId;
      return;
    }
    if (age < 6) {
      found.childUnder6 ??= person.personalId;
    }
    if (enterprise) {
      found.enterprise ??= enterprise;
    }
    const spouse = household.members.find((m) => m.personalId === person.spouseId);
    const married = spouse !== undefined && spouse.deathDay === null;
    if (enterprise && married && outcome.cardCode !== null && age >= 18) {
      found.livingAdult ??= person.personalId;
    }
  }
}

/** The last household may be cut short: forget links to members that were cut. */
function dropMissingRelatives(household: SeedHousehold): void {
  const present = new Set(household.members.map((m) => m.personalId));
  for (const member of household.members) {
    for (const key of ['fatherId', 'motherId', 'spouseId'] as const) {
      const id = member[key];
      if (id !== null && !present.has(id)) {
        member[key] = null;
      }
    }
  }
}

function buildCommunes(): {
  communes: CommuneTable;
  names: ReadonlyMap<string, string>;
  batch: SeedBatch;
} {
  const batch = emptyBatch();
  const communes = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const province of Object.keys(LEGACY_PROVINCES).sort()) {
    const codes: string[] = [];
    for (let i = 1; i <= COMMUNES_PER_PROVINCE; i += 1) {
      const code = `${province}${String(i).padStart(3, '0')}`;
      const name = `Xã số ${i}, ${LEGACY_PROVINCES[province] ?? province}`;
      codes.push(code);
      names.set(code, name);
      batch.administrativeUnits.push({
        code,
        level: 'COMMUNE',
        valid_from: '2008-08-01',
        name,
        parent_code: province,
      });
    }
    communes.set(province, codes);
  }
  return { communes, names, batch };
}
