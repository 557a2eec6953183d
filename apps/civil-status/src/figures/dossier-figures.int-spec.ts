import { v7 as uuidv7 } from 'uuid';
import { inTransaction } from '@lienthong/persistence';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { CalendarService } from '../calendar/calendar.service';
import { CIVIL_STATUS_AGENCY } from '../civil-status.agency';
import { BIRTH_STEPS, DEATH_STEPS } from '../events/deadlines';
import { DossierRepository } from '../events/dossier.repository';
import { DossierFiguresQuery } from './dossier-figures.query';

const DAY = 86_400_000;
const COUNTERS = ['received', 'done', 'done_on_time', 'refused', 'done_seconds'] as const;

/**
 * The figures as they must be: counted again from the dossiers and steps themselves, with the
 * rules of DossierFiguresWriter (by the Vietnamese day of each reception and settlement).
 */
const RECOUNT = `
  WITH facts AS (
    SELECT d.commune_code, (d.received_at AT TIME ZONE 'UTC' + interval '7 hours')::date AS day,
           d.procedure, s.step, s.agency, 1 AS received, 0 AS done, 0 AS done_on_time,
           0 AS refused, 0::bigint AS done_seconds
      FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
    UNION ALL
    SELECT d.commune_code, (s.done_at AT TIME ZONE 'UTC' + interval '7 hours')::date, d.procedure,
           s.step, s.agency, 0, (s.status = 'DONE')::int,
           (s.status = 'DONE' AND s.done_at <= s.due_at)::int, (s.status = 'REFUSED')::int,
           CASE WHEN s.status = 'DONE' THEN extract(epoch FROM s.done_at - d.received_at)::bigint
                ELSE 0 END
      FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id WHERE s.status <> 'PENDING'
    UNION ALL
    SELECT d.commune_code, (d.received_at AT TIME ZONE 'UTC' + interval '7 hours')::date,
           d.procedure, '', 'CIV', 1, 0, 0, 0, 0 FROM dossiers d
    UNION ALL
    SELECT d.commune_code, (d.completed_at AT TIME ZONE 'UTC' + interval '7 hours')::date,
           d.procedure, '', 'CIV', 0, (d.status = 'COMPLETED')::int,
           (d.status = 'COMPLETED' AND d.completed_at <= (
              SELECT max(due_at) FROM dossier_steps s WHERE s.dossier_id = d.id))::int,
           (d.status = 'REFUSED')::int,
           CASE WHEN d.status = 'COMPLETED'
                THEN extract(epoch FROM d.completed_at - d.received_at)::bigint ELSE 0 END
      FROM dossiers d WHERE d.status <> 'IN_PROGRESS')
  SELECT commune_code, day::text, procedure, step, agency,
         ${COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
    FROM facts GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;

// Real: PostgreSQL, the civil-status schema and its migrations; concurrent transactions.
describe('dossier figures: counted in the transaction of each change', () => {
  let registry: WiredAgencyRegistry;
  let dossiers: DossierRepository;
  let figures: DossierFiguresQuery;

  beforeAll(async () => {
    registry = await wireAgencyRegistry(CIVIL_STATUS_AGENCY);
    dossiers = registry.moduleRef.get(DossierRepository);
    figures = registry.moduleRef.get(DossierFiguresQuery);
  });

  afterAll(async () => {
    await registry.close();
  });

  const open = async (
    procedure: 'BIRTH' | 'DEATH',
    communeCode: string,
    receivedAt: Date,
  ): Promise<string> => {
    const id = uuidv7();
    const plan = procedure === 'BIRTH' ? BIRTH_STEPS : Object.values(DEATH_STEPS).slice(0, 3);
    await inTransaction(registry.dataSource, (entityManager) =>
      dossiers.open(
        { entityManager },
        { id, procedure, registrationId: '1', officerId: 'cb-01', communeCode },
        plan,
        receivedAt,
      ),
    );
    return id;
  };
  const settle = (id: string, step: string, status: 'DONE' | 'REFUSED' = 'DONE') =>
    inTransaction(registry.dataSource, (entityManager) =>
      status === 'DONE'
        ? dossiers.complete({ entityManager }, id, step, uuidv7())
        : dossiers.refuse({ entityManager }, id, step, {
            eventId: uuidv7(),
            code: 'POPULATION_HOUSEHOLD_NOT_FOUND',
            reason: 'no household',
          }),
    );
  const tables = async () => {
    const read = (table: string, commune: string) =>
      registry.dataSource.query<Record<string, string>[]>(
        `SELECT ${commune} AS commune_code, day::text, procedure, step, agency,
                ${COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
           FROM ${table} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      );
    return {
      communes: await read('dossier_figures_commune_daily', 'commune_code'),
      office: await read('dossier_figures_daily', `''`),
    };
  };

  it('holds exactly what a recount of the dossiers gives, after concurrent changes', async () => {
    const now = Date.now();
    const late = await Promise.all(
      ['00004', '00004', '00007'].map((c) => open('BIRTH', c, new Date(now - 20 * DAY))),
    );
    const fresh = await Promise.all(
      ['00004', '00007', '00007'].map((c) => open('BIRTH', c, new Date(now - 60_000))),
    );
    const death = await open('DEATH', '00004', new Date(now - 60_000));
    const steps = BIRTH_STEPS.slice(1).map((p) => p.step);
    // every step of every dossier at once, one transaction each, as the event consumers do
    await Promise.all([
      ...[...late, ...fresh.slice(0, 2)].flatMap((id) => steps.map((step) => settle(id, step))),
      settle(fresh[2] ?? '', 'PERSONAL_ID'),
      settle(fresh[2] ?? '', 'PERMANENT_RESIDENCE', 'REFUSED'),
      settle(death, 'RESIDENCE_REMOVAL'),
    ]);
    // a second settlement of a settled step changes nothing
    await settle(late[0] ?? '', 'PERSONAL_ID', 'REFUSED');

    const recount = await registry.dataSource.query<Record<string, string>[]>(RECOUNT);
    const { communes, office } = await tables();
    expect(communes).toEqual(recount);
    const officeWide = new Map<string, Record<string, number>>();
    for (const row of recount) {
      const key = `${row['day']}|${row['procedure']}|${row['step']}|${row['agency']}`;
      const sums = officeWide.get(key) ?? Object.fromEntries(COUNTERS.map((c) => [c, 0]));
      for (const c of COUNTERS) {
        sums[c] = (sums[c] ?? 0) + Number(row[c]);
      }
      officeWide.set(key, sums);
    }
    const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : 1);
    expect(
      office
        .map((r): [string, unknown] => [
          `${r['day']}|${r['procedure']}|${r['step']}|${r['agency']}`,
          COUNTERS.map((c) => Number(r[c])),
        ])
        .sort(byKey),
    ).toEqual(
      [...officeWide.entries()]
        .map(([key, sums]): [string, unknown] => [key, COUNTERS.map((c) => sums[c])])
        .sort(byKey),
    );

    const today = new Date(now + 7 * 3600_000).toISOString().slice(0, 10);
    const from = new Date(now - 30 * DAY + 7 * 3600_000).toISOString().slice(0, 10);
    const dashboard = await figures.dashboard({ from, to: today, procedure: 'BIRTH' });
    // 6 births received; 5 completed (3 received 20 days ago, late; 2 fresh, on time); 1 refused
    expect(dashboard.totals).toMatchObject({
      received: 6,
      done: 5,
      doneOnTime: 2,
      onTimeShare: 0.4,
      refused: 1,
      inProgress: 0,
      overdue: 0,
    });
    const personalId = dashboard.steps.find((s) => s.step === 'PERSONAL_ID');
    expect(personalId).toMatchObject({ agency: 'POP', received: 6, done: 6, doneOnTime: 3 });
    const commune = await figures.dashboard({ from, to: today, commune: '00007' });
    expect(commune.totals).toMatchObject({ received: 3, done: 2, refused: 1, doneOnTime: 1 });
    const insurance = await figures.dashboard({
      from,
      to: today,
      agency: 'INS',
      procedure: 'BIRTH',
    });
    // the cards of the 5 completed births; the refused dossier's card is no longer awaited
    expect(insurance.totals).toMatchObject({ received: 6, done: 5, inProgress: 0 });
    const deaths = await figures.dashboard({ from, to: today, procedure: 'DEATH' });
    expect(deaths.totals).toMatchObject({ received: 1, done: 0, inProgress: 1, overdue: 0 });
    expect(deaths.communes).toEqual([{ commune: '00004', inProgress: 1, overdue: 0 }]);
    expect(dashboard.weeks.reduce((n, w) => n + w.received, 0)).toBe(6);
  });

  it('moves the deadlines of pending steps when a day off is entered or removed', async () => {
    const calendar = registry.moduleRef.get(CalendarService);
    // Monday 3 June 2030, a day no shipped entry touches; the card is due 3 working days later
    const id = await open('BIRTH', '00010', new Date('2030-06-03T09:00:00+07:00'));
    const due = async (step: string) =>
      (await dossiers.find({}, id))?.steps.find((s) => s.step === step)?.dueAt;
    expect(await due('HEALTH_INSURANCE_CARD')).toBe('2030-06-06T16:59:59.999Z');
    const entered = await calendar.put(
      {
        date: '2030-06-04',
        kind: 'HOLIDAY',
        name: 'Nghỉ thử nghiệm',
        basis: 'kiểm thử',
        provisional: true,
      },
      'operator-01',
    );
    expect(entered).toMatchObject({ deadlinesMoved: 3, day: { updatedBy: 'operator-01' } });
    expect(await due('HEALTH_INSURANCE_CARD')).toBe('2030-06-07T16:59:59.999Z');
    // the registration step was done on reception: its deadline stays
    expect(await due('BIRTH_REGISTRATION')).toBe('2030-06-03T16:59:59.999Z');
    expect((await calendar.remove('2030-06-04')).deadlinesMoved).toBe(3);
    expect(await due('HEALTH_INSURANCE_CARD')).toBe('2030-06-06T16:59:59.999Z');
    await expect(calendar.remove('2030-06-04')).rejects.toMatchObject({
      code: 'CALENDAR_DAY_NOT_FOUND',
    });
  });
});
