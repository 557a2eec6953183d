import type { PersistenceContext, TransactionRunner } from '@lienthong/persistence';
import { CivilStatusEventError } from './civil-status-events.errors';

/** A death as the commune officer registers it; the deceased already verified by look-up. */
export interface NewDeath {
  readonly registeringCommune: string;
  readonly bookNo: string;
  readonly registeredOn: string;
  readonly deceasedPersonalId: string;
  readonly deceasedFullName: string;
  readonly dateOfDeath: string;
  readonly placeOfDeath: string;
  readonly declarantPersonalId: string | null;
}

/** The death book (sổ đăng ký khai tử) of the interconnected death procedure; `ctx` first. */
export class DeathBookRepository {
  constructor(private readonly runner: TransactionRunner) {}

  /**
   * Writes a death into the next free entry of the commune's book. A person dies once: a second
   * registration for the same personal id is refused before the unique constraint would fire, so
   * the officer gets a stable code instead of a conflict. The advisory locks serialise entry
   * numbers per book and registrations per person.
   */
  async register(
    ctx: PersistenceContext,
    death: NewDeath,
  ): Promise<{ id: string; entryNo: number }> {
    const manager = ctx.entityManager ?? this.runner.dataSource.manager;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `death:${death.registeringCommune}:${death.bookNo}`,
    ]);
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `death-of:${death.deceasedPersonalId}`,
    ]);
    const existing: unknown[] = await manager.query(
      `SELECT 1 FROM death_registrations WHERE deceased_personal_id = $1`,
      [death.deceasedPersonalId],
    );
    if (existing.length > 0) {
      throw new CivilStatusEventError(
        'DEATH_ALREADY_REGISTERED',
        `the death of ${death.deceasedPersonalId} is already registered`,
      );
    }
    const rows: { id: string; entry_no: number }[] = await manager.query(
      `INSERT INTO death_registrations (registering_commune, book_no, entry_no, registered_on,
         deceased_personal_id, deceased_full_name, date_of_death, place_of_death,
         declarant_personal_id)
       SELECT $1::char(5), $2::varchar, coalesce(max(entry_no), 0) + 1, $3::date, $4::char(12),
         $5::varchar, $6::date, $7::varchar, $8::char(12)
         FROM death_registrations WHERE registering_commune = $1 AND book_no = $2
       RETURNING id, entry_no`,
      [
        death.registeringCommune,
        death.bookNo,
        death.registeredOn,
        death.deceasedPersonalId,
        death.deceasedFullName,
        death.dateOfDeath,
        death.placeOfDeath,
        death.declarantPersonalId,
      ],
    );
    const row = rows[0];
    return { id: String(row.id), entryNo: row.entry_no };
  }
}
