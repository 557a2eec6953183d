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
  /**
   * Writes a birth into the next free entry of the commune's book and returns its id. The child
   * has no personal id yet: population assigns it (NĐ 63/2024) and {@link setChildPersonalId}
   * records it. The advisory lock serialises entry numbers per book.
   */
  async registerBirth(
    ctx: PersistenceContext,
    birth: NewBirth,
  ): Promise<{ id: string; entryNo: number }> {
    const manager = ctx.entityManager ?? this.runner.dataSource.manager;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `birth:${birth.registeringCommune}:${birth.bookNo}`,
    ]);
    const rows: { id: string; entry_no: number }[] = await manager.query(
      `INSERT INTO birth_registrations (registering_commune, book_no, entry_no, registered_on,
         child_personal_id, child_full_name, sex, birth_date, birth_date_precision, place_of_birth,
         father_personal_id, mother_personal_id, registration_type)
       SELECT $1::char(5), $2::varchar, coalesce(max(entry_no), 0) + 1, $3::date, NULL, $4, $5, $6::date,
         'FULL', $7, $8::char(12), $9::char(12), 'ON_TIME'
         FROM birth_registrations WHERE registering_commune = $1 AND book_no = $2
       RETURNING id, entry_no`,
      [
        birth.registeringCommune,
        birth.bookNo,
        birth.registeredOn,
        birth.childFullName,
        birth.sex,
        birth.birthDate,
        birth.placeOfBirth,
        birth.fatherPersonalId,
        birth.motherPersonalId,
      ],
    );
    const row = rows[0];
    return { id: String(row.id), entryNo: row.entry_no };
  }

  /** Records the personal id population assigned to the child of a birth registration. */
  async setChildPersonalId(ctx: PersistenceContext, registrationId: string, personalId: string) {
    await this.runner
      .repository(ctx, BirthRegistration)
      .update({ id: registrationId }, { childPersonalId: personalId });
  }
}

/** A birth as the commune officer registers it. */
export interface NewBirth {
  readonly registeringCommune: string;
  readonly bookNo: string;
  readonly registeredOn: string;
  readonly childFullName: string;
  readonly sex: 'MALE' | 'FEMALE';
  readonly birthDate: string;
  readonly placeOfBirth: string;
  readonly fatherPersonalId: string | null;
  readonly motherPersonalId: string | null;
}
