import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import { BirthRegistration } from './birth-registration.entity';
import { DeathRegistration } from './death-registration.entity';
import { MarriageRegistration } from './marriage-registration.entity';

/** The civil-status acts that concern one person as the subject (not as a parent or declarant). */
export interface PersonEvents {
  readonly birth: BirthRegistration | null;
  readonly death: DeathRegistration | null;
  readonly marriages: readonly MarriageRegistration[];
}

/** Reads of the electronic civil-status (hộ tịch) database; `ctx` first (style G14). */
export class CivilStatusRepository {
  constructor(private readonly runner: TransactionRunner) {}

  /**
   * A person's own birth and death registrations and the marriages they are party to, oldest
   * first. Undefined when the registry holds no act for the person at all.
   */
  async findEvents(ctx: PersistenceContext, personalId: string): Promise<PersonEvents | undefined> {
    const [birth, death, marriages] = await Promise.all([
      this.runner.repository(ctx, BirthRegistration).findOneBy({ childPersonalId: personalId }),
      this.runner.repository(ctx, DeathRegistration).findOneBy({ deceasedPersonalId: personalId }),
      this.runner.repository(ctx, MarriageRegistration).find({
        where: [{ husbandPersonalId: personalId }, { wifePersonalId: personalId }],
        order: { registeredOn: 'ASC', id: 'ASC' },
      }),
    ]);
    if (!birth && !death && marriages.length === 0) {
      return undefined;
    }
    return { birth, death, marriages };
  }

  /** Birth registrations naming the person as father or mother. */
  async findBirthsAsParent(
    ctx: PersistenceContext,
    personalId: string,
  ): Promise<BirthRegistration[]> {
    return this.runner.repository(ctx, BirthRegistration).find({
      where: [{ fatherPersonalId: personalId }, { motherPersonalId: personalId }],
      order: { birthDate: 'ASC', id: 'ASC' },
    });
  }
}
