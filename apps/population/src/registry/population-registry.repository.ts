import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  ReadBatcher,
  isInTransaction,
  type PersistenceContext,
  type TransactionRunner,
} from '@lienthong/persistence';
import { Citizen } from './citizen.entity';
import { Household } from './household.entity';
import { Residence, type ResidenceKind } from './residence.entity';

type JsonRow = Record<string, unknown>;

/**
 * Citizens by personal id with their household and current residences, as JSON. Unqualified
 * names: the DataSource's search_path is the registry's schema. `bpchar[]` matches the column's
 * type, so the primary key serves the look-up (a `text[]` would scan the table).
 */
export const CITIZEN_VIEWS_SQL = `
  SELECT c.personal_id,
         row_to_json(c) AS citizen,
         (SELECT row_to_json(h) FROM households h WHERE h.household_no = c.household_no) AS household,
         (SELECT coalesce(json_agg(r), '[]'::json) FROM residences r
           WHERE r.personal_id = c.personal_id AND r.removed_on IS NULL) AS residences
    FROM citizens c
   WHERE c.personal_id = ANY($1::bpchar[])`;

/** Builds an entity from a `row_to_json` row by its column metadata (bigint as string, as TypeORM does). */
function fromJson<E extends object>(manager: EntityManager, entity: new () => E, row: JsonRow): E {
  const target = new entity() as Record<string, unknown>;
  for (const column of manager.connection.getMetadata(entity).columns) {
    const value = row[column.databaseName];
    target[column.propertyName] =
      column.type === 'bigint' && typeof value === 'number' ? String(value) : (value ?? null);
  }
  return target as E;
}

/** A citizen with the household and the residences in force today. */
export interface CitizenView {
  readonly citizen: Citizen;
  readonly household: Household | null;
  readonly residences: Readonly<Partial<Record<ResidenceKind, Residence>>>;
}

/**
 * Reads of the national population database. Every method takes the caller's context first so
 * that it joins the caller's transaction when there is one (style G14).
 */
export class PopulationRegistryRepository {
  /** Look-ups outside a transaction: the citizens asked for in one turn, read together. */
  private readonly citizenReads = new ReadBatcher<string, CitizenView>((ids) =>
    this.readCitizens(this.runner.dataSource.manager, ids),
  );

  constructor(private readonly runner: TransactionRunner) {}

  /**
   * The citizen with this personal id, or undefined when the registry has none. The hot path of
   * every look-up: citizen, household and current residences as JSON in one statement, mapped to
   * the entities through their metadata instead of three ORM queries; outside a transaction the
   * look-ups of one event-loop turn share that statement.
   */
  async findCitizen(ctx: PersistenceContext, personalId: string): Promise<CitizenView | undefined> {
    if (isInTransaction(ctx)) {
      return (await this.readCitizens(ctx.entityManager, [personalId])).get(personalId);
    }
    return this.citizenReads.load(personalId);
  }

  private async readCitizens(
    manager: EntityManager,
    personalIds: readonly string[],
  ): Promise<Map<string, CitizenView>> {
    const rows: {
      personal_id: string;
      citizen: JsonRow;
      household: JsonRow | null;
      residences: JsonRow[];
    }[] = await manager.query(CITIZEN_VIEWS_SQL, [personalIds]);
    return new Map(
      rows.map((row) => {
        const residences = row.residences.map((r) => fromJson(manager, Residence, r));
        const view: CitizenView = {
          citizen: fromJson(manager, Citizen, row.citizen),
          household: row.household ? fromJson(manager, Household, row.household) : null,
          residences: Object.fromEntries(residences.map((r) => [r.kind, r])),
        };
        return [row.personal_id, view];
      }),
    );
  }

  /** The members of a household, head first, then by date of birth. */
  async findHouseholdMembers(ctx: PersistenceContext, householdNo: string): Promise<Citizen[]> {
    const members = await this.runner
      .repository(ctx, Citizen)
      .find({ where: { householdNo }, order: { birthDate: 'ASC', personalId: 'ASC' } });
    return members.sort((a, b) => rank(a) - rank(b));
  }

  /** The citizens whose father or mother is the given citizen. */
  async findChildren(ctx: PersistenceContext, personalId: string): Promise<Citizen[]> {
    return this.runner.repository(ctx, Citizen).find({
      where: [{ fatherId: personalId }, { motherId: personalId }],
      order: { birthDate: 'ASC', personalId: 'ASC' },
    });
  }

  /**
   * Adds a citizen under a fresh personal id `<prefix><6 random digits>` and returns it; a taken
   * id is drawn again (the primary key decides, so concurrent births cannot share one).
   */
  async createCitizenWithNewId(
    ctx: PersistenceContext,
    prefix: string,
    citizen: Omit<Citizen, 'personalId' | 'status' | 'dateOfDeath'>,
  ): Promise<string> {
    const manager = ctx.entityManager ?? this.runner.dataSource.manager;
    for (let attempt = 0; attempt < 8; attempt++) {
      const personalId = `${prefix}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Citizen)
        .values({ ...citizen, personalId, status: 'ALIVE', dateOfDeath: null })
        .orIgnore()
        .execute();
      if ((result.raw as unknown[]).length > 0) {
        return personalId;
      }
    }
    throw new Error(`no free personal id under ${prefix} after 8 draws`);
  }

  /** Registers a residence; the current one of the same kind must have been removed first. */
  async registerResidence(
    ctx: PersistenceContext,
    residence: Pick<
      Residence,
      'personalId' | 'kind' | 'householdNo' | 'communeCode' | 'address' | 'registeredOn'
    >,
  ): Promise<void> {
    await this.runner
      .repository(ctx, Residence)
      .insert({ ...residence, removedOn: null, removalReason: null });
  }
}

function rank(citizen: Citizen): number {
  return citizen.relationshipToHead === 'HEAD' ? 0 : 1;
}
