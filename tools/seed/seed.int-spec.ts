// real: PostgreSQL (TEST_DATABASE_URL), the four registries' migrations and repositories. mock: nothing.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { TransactionRunner, createDataSource, quoteIdentifier } from '@lienthong/persistence';
import { isEnterpriseCode, isPersonalId } from '@lienthong/schema';
import { testDatabaseUrl, uniqueSuffix } from '@lienthong/testing';

import { BusinessRegistryRepository } from '../../apps/business-registry/src/registry/business-registry.repository';

import { BUSINESS_REGISTRY_ENTITIES } from '../../apps/business-registry/src/registry/enterprise-registry';

import { CIVIL_STATUS_ENTITIES } from '../../apps/civil-status/src/registry/civil-status-registry';

import { CivilStatusRepository } from '../../apps/civil-status/src/registry/civil-status.repository';

import { INSURANCE_ENTITIES } from '../../apps/insurance/src/registry/insurance-registry';

import { InsuranceRepository } from '../../apps/insurance/src/registry/insurance.repository';

import { POPULATION_ENTITIES } from '../../apps/population/src/registry/population-registry';

import { PopulationRegistryRepository } from '../../apps/population/src/registry/population-registry.repository';
import { type RegistrySchemas, type SeedSummary, seedRegistries } from './seed';
import { SEED_TABLES } from './seed-tables';

const CITIZENS = 500;

function schemaSet(): RegistrySchemas {
  const suffix = uniqueSuffix();
  return {
    population: `t_${suffix}_pop`,
    businessRegistry: `t_${suffix}_biz`,
    civilStatus: `t_${suffix}_civ`,
    insurance: `t_${suffix}_ins`,
  };
}

describe('seedRegistries', () => {
  const url = testDatabaseUrl();
  const first = schemaSet();
  const second = schemaSet();
  const client = new Client({ connectionString: url });
  let summary: SeedSummary;
  /** Citizens stored so far, as the progress display was told after each batch. */
  const progress: number[] = [];

  const q = (schema: string): string => quoteIdentifier(schema);
  const count = async (sql: string): Promise<number> =>
    Number((await client.query<{ n: string }>(sql)).rows[0]?.n);

  beforeAll(async () => {
    await client.connect();
    summary = await seedRegistries({
      databaseUrl: url,
      citizens: CITIZENS,
      seed: 'int',
      schemas: first,
      batchSize: 200,
      onProgress: (stored) => progress.push(stored),
    });
  });

  afterAll(async () => {
    for (const schema of [...Object.values(first), ...Object.values(second)]) {
      await client.query(`DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
    }
    await client.end();
  });

  it('writes the requested citizens and reports counts and samples', async () => {
    expect(summary.skipped).toBe(false);
    // told after each stored batch (about 200 citizens each), rising to the whole
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(CITIZENS);
    expect(summary.counts.citizens).toBe(CITIZENS);
    expect(await count(`SELECT count(*) AS n FROM ${q(first.population)}.citizens`)).toBe(CITIZENS);
    const { livingAdult, childUnder6, deceased, enterprise } = summary.samples;
    expect([livingAdult, childUnder6, deceased, enterprise].map((id) => typeof id)).toEqual([
      'string',
      'string',
      'string',
      'string',
    ]);
  });

  it('keeps the registries consistent with each other', async () => {
    const { population: pop, civilStatus: civ, insurance: ins } = first;
    const withoutBirth = `SELECT count(*) AS n FROM ${q(pop)}.citizens c
      LEFT JOIN ${q(civ)}.birth_registrations b ON b.child_personal_id = c.personal_id WHERE b.id IS NULL`;
    expect(await count(withoutBirth)).toBe(0);
    const orphanLinks = `SELECT count(*) AS n FROM ${q(pop)}.citizens c WHERE
      (c.father_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${q(pop)}.citizens p WHERE p.personal_id = c.father_id))
      OR (c.mother_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${q(pop)}.citizens p WHERE p.personal_id = c.mother_id))`;
    expect(await count(orphanLinks)).toBe(0);
    const oldTeHolders = `SELECT count(*) AS n FROM ${q(ins)}.health_insurance_cards h
      JOIN ${q(pop)}.citizens c ON c.personal_id = h.personal_id
      WHERE h.beneficiary_group = 'TE' AND c.birth_date <= date '2026-01-01' - interval '6 years'`;
    expect(await count(oldTeHolders)).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM ${q(ins)}.health_insurance_cards WHERE beneficiary_group = 'TE'`,
      ),
    ).toBeGreaterThan(0);
    const deceasedWithoutDeath = `SELECT count(*) AS n FROM ${q(pop)}.citizens c WHERE c.status = 'DECEASED'
      AND NOT EXISTS (SELECT 1 FROM ${q(civ)}.death_registrations d WHERE d.deceased_personal_id = c.personal_id)`;
    expect(await count(deceasedWithoutDeath)).toBe(0);
  });

  it('writes only well-formed identifiers', async () => {
    const asOf = new Date('2026-01-01T00:00:00Z');
    const ids = await client.query<{ id: string }>(
      `SELECT personal_id AS id FROM ${q(first.population)}.citizens`,
    );
    expect(ids.rows.filter((row) => !isPersonalId(row.id, asOf))).toEqual([]);
    const codes = await client.query<{ code: string }>(
      `SELECT enterprise_code AS code FROM ${q(first.businessRegistry)}.enterprises`,
    );
    expect(codes.rows.length).toBeGreaterThan(0);
    expect(codes.rows.filter((row) => !isEnterpriseCode(row.code))).toEqual([]);
  });

  it('skips a second run of the same seed and refuses to mix in another', async () => {
    const again = await seedRegistries({
      databaseUrl: url,
      citizens: CITIZENS,
      seed: 'int',
      schemas: first,
    });
    expect(again.skipped).toBe(true);
    expect(again.digest).toBe(summary.digest);
    await expect(
      seedRegistries({ databaseUrl: url, citizens: CITIZENS, seed: 'other', schemas: first }),
    ).rejects.toMatchObject({ code: 'SEED_MIXING_REFUSED' });
    await expect(
      seedRegistries({ databaseUrl: url, citizens: CITIZENS + 1, seed: 'int', schemas: first }),
    ).rejects.toMatchObject({ code: 'SEED_MIXING_REFUSED' });
    expect(await count(`SELECT count(*) AS n FROM ${q(first.population)}.citizens`)).toBe(CITIZENS);
  });

  it('writes the same rows for the same seed into another set of schemas', async () => {
    const other = await seedRegistries({
      databaseUrl: url,
      citizens: CITIZENS,
      seed: 'int',
      schemas: second,
      batchSize: 200,
    });
    expect(other.digest).toBe(summary.digest);
    for (const spec of Object.values(SEED_TABLES)) {
      const columns = spec.columns.map(([column]) => column).join(', ');
      const digest = async (schemas: RegistrySchemas): Promise<string | undefined> =>
        (
          await client.query<{ d: string }>(
            `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d
             FROM (SELECT ${columns} FROM ${q(schemas[spec.registry])}.${spec.table}) t`,
          )
        ).rows[0]?.d;
      expect({ table: spec.table, digest: await digest(second) }).toEqual({
        table: spec.table,
        digest: await digest(first),
      });
    }
  });

  describe('registries', () => {
    const sources: DataSource[] = [];
    const open = async (
      schema: string,
      entities: readonly (new () => object)[],
    ): Promise<TransactionRunner> => {
      const dataSource = await createDataSource({
        url,
        schema,
        entities,
        migrations: [],
        applicationName: 'seed-int-spec',
        poolMax: 2,
      });
      sources.push(dataSource);
      return new TransactionRunner(dataSource);
    };

    afterAll(async () => {
      await Promise.all(sources.map((source) => source.destroy()));
    });

    it('have entities that match their migrations exactly', async () => {
      const pairs = [
        [first.population, POPULATION_ENTITIES],
        [first.businessRegistry, BUSINESS_REGISTRY_ENTITIES],
        [first.civilStatus, CIVIL_STATUS_ENTITIES],
        [first.insurance, INSURANCE_ENTITIES],
      ] as const;
      for (const [schema, entities] of pairs) {
        const runner = await open(schema, entities);
        const pending = await runner.dataSource.driver.createSchemaBuilder().log();
        expect({ schema, queries: pending.upQueries.map((query) => query.query) }).toEqual({
          schema,
          queries: [],
        });
      }
    });

    it('look up the sample citizen, enterprise, events and insurance', async () => {
      const ctx = {};
      const adult = summary.samples.livingAdult as string;
      const population = new PopulationRegistryRepository(
        await open(first.population, POPULATION_ENTITIES),
      );
      const citizen = await population.findCitizen(ctx, adult);
      expect(citizen?.citizen.status).toBe('ALIVE');
      expect(citizen?.residences.PERMANENT?.communeCode).toBe(citizen?.household?.communeCode);
      expect(await population.findCitizen(ctx, '001085000000')).toBeUndefined();

      const business = new BusinessRegistryRepository(
        await open(first.businessRegistry, BUSINESS_REGISTRY_ENTITIES),
      );
      const enterprise = await business.findEnterprise(ctx, summary.samples.enterprise as string);
      expect(enterprise?.enterprise.status).toBe('ACTIVE');
      expect(enterprise?.history[0]?.kind).toBe('FOUNDED');
      expect(await business.findRepresentedEnterprises(ctx, adult)).not.toEqual([]);
      expect(await business.findEnterprise(ctx, '0100047516')).toBeUndefined();

      const civil = new CivilStatusRepository(await open(first.civilStatus, CIVIL_STATUS_ENTITIES));
      const events = await civil.findEvents(ctx, adult);
      expect(events?.birth?.childPersonalId).toBe(adult);
      expect(events?.marriages).toHaveLength(1);
      const deceased = await civil.findEvents(ctx, summary.samples.deceased as string);
      expect(deceased?.death?.deceasedPersonalId).toBe(summary.samples.deceased);

      const insurance = new InsuranceRepository(await open(first.insurance, INSURANCE_ENTITIES));
      const child = await insurance.findByPersonalId(ctx, summary.samples.childUnder6 as string);
      expect(child?.cards[0]?.beneficiaryGroup).toBe('TE');
      expect((await insurance.findByPersonalId(ctx, adult))?.cards).not.toEqual([]);
      expect(await insurance.findByPersonalId(ctx, '001085000000')).toBeUndefined();
    });
  });
});
