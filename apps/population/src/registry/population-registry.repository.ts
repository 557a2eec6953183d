import { randomInt } from 'node:crypto';
import { IsNull } from 'typeorm';
import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import { Citizen } from './citizen.entity';
import { Household } from './household.entity';
import { Residence, type ResidenceKind } from './residence.entity';

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
  constructor(private readonly runner: TransactionRunner) {}

  /** The citizen with this personal id, or undefined when the registry has none. */
  async findCitizen(ctx: PersistenceContext, personalId: string): Promise<CitizenView | undefined> {
    const citizen = await this.runner.repository(ctx, Citizen).findOneBy({ personalId });
    if (!citizen) {
      return undefined;
    }
    const [household, residences] = await Promise.all([
      citizen.householdNo === null
        ? Promise.resolve(null)
        : this.runner.repository(ctx, Household).findOneBy({ householdNo: citizen.householdNo }),
      this.currentResidences(ctx, personalId),
    ]);
    return { citizen, household, residences };
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

  private async currentResidences(
    ctx: PersistenceContext,
    personalId: string,
  ): Promise<Partial<Record<ResidenceKind, Residence>>> {
    const rows = await this.runner
      .repository(ctx, Residence)
      .findBy({ personalId, removedOn: IsNull() });
    return Object.fromEntries(rows.map((row) => [row.kind, row]));
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
