import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { inTransaction } from '@lienthong/persistence';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { CIVIL_STATUS_AGENCY } from '../civil-status.agency';
import { CivilStatusRepository } from '../registry/civil-status.repository';
import { DossierRepository } from './dossier.repository';

const DAY = 86_400_000;

/** A personal id no other test uses (Hà Nội, born in the 1990s). */
function personalId(): string {
  return `0010${String(90 + randomInt(10))}${String(randomInt(1_000_000)).padStart(6, '0')}`;
}

// Real: PostgreSQL, the civil-status schema and its migrations.
describe('DossierRepository.list: the dossier list and its filters', () => {
  let registry: WiredAgencyRegistry;
  let dossiers: DossierRepository;
  let book: CivilStatusRepository;
  const mother = personalId();
  const father = personalId();
  const other = personalId();
  const ids: Record<'late' | 'onTime' | 'done' | 'others', string> = {
    late: uuidv7(),
    onTime: uuidv7(),
    done: uuidv7(),
    others: uuidv7(),
  };

  async function openBirth(
    id: string,
    parents: { father: string | null; mother: string | null },
    receivedAt: Date,
    workingDays: number,
  ): Promise<void> {
    await inTransaction(registry.dataSource, async (entityManager) => {
      const entry = await book.registerBirth(
        { entityManager },
        {
          registeringCommune: '00004',
          bookNo: 'KS-TEST',
          registeredOn: receivedAt.toISOString().slice(0, 10),
          childFullName: `Trẻ ${id.slice(-4)}`,
          sex: 'FEMALE',
          birthDate: '2026-01-01',
          placeOfBirth: 'Hà Nội',
          fatherPersonalId: parents.father,
          motherPersonalId: parents.mother,
        },
      );
      await dossiers.open(
        { entityManager },
        {
          id,
          procedure: 'BIRTH',
          registrationId: entry.id,
          officerId: 'cb-01',
          communeCode: '00004',
        },
        ['BIRTH_REGISTRATION', 'PERSONAL_ID'].map((step) => ({ step, agency: 'POP', workingDays })),
        receivedAt,
      );
    });
  }

  beforeAll(async () => {
    registry = await wireAgencyRegistry(CIVIL_STATUS_AGENCY);
    dossiers = registry.moduleRef.get(DossierRepository);
    book = registry.moduleRef.get(CivilStatusRepository);
    const now = Date.now();
    // received 40 days ago with 3 working days: its pending step is long overdue
    await openBirth(ids.late, { father, mother }, new Date(now - 40 * DAY), 3);
    await openBirth(ids.onTime, { father: null, mother }, new Date(now - DAY), 30);
    await openBirth(ids.done, { father, mother: null }, new Date(now - 2 * DAY), 30);
    await dossiers.complete({}, ids.done, 'PERSONAL_ID', uuidv7());
    await openBirth(ids.others, { father: other, mother: null }, new Date(now - DAY), 30);
  });

  afterAll(async () => {
    await registry.close();
  });

  const listed = async (filter: Parameters<DossierRepository['list']>[1]) =>
    (await dossiers.list({}, filter)).dossiers.map((d) => d.id);

  it('gives a party their dossiers only, newest first, with the registered child and progress', async () => {
    expect(await listed({ party: mother, limit: 50 })).toEqual([ids.onTime, ids.late]);
    expect(await listed({ party: father, limit: 50 })).toEqual([ids.done, ids.late]);
    const [done] = (await dossiers.list({}, { party: father, limit: 1 })).dossiers;
    expect(done).toMatchObject({
      id: ids.done,
      status: 'COMPLETED',
      overdue: false,
      stepsDone: 2,
      stepsTotal: 2,
      subject: { personalId: null, fullName: `Trẻ ${ids.done.slice(-4)}` },
    });
    expect(await dossiers.partiesOf({}, ids.late)).toEqual(
      expect.arrayContaining([father, mother]),
    );
    expect(await dossiers.partiesOf({}, ids.others)).toEqual([other]);
  });

  it('filters by overdue, status and days of reception (Vietnam days)', async () => {
    expect(await listed({ party: mother, overdue: true, limit: 50 })).toEqual([ids.late]);
    expect(await listed({ party: mother, overdue: false, limit: 50 })).toEqual([ids.onTime]);
    expect(await listed({ party: father, status: 'COMPLETED', limit: 50 })).toEqual([ids.done]);
    expect(await listed({ party: father, status: 'IN_PROGRESS', limit: 50 })).toEqual([ids.late]);
    const day = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
    const fortyDaysAgo = day(Date.now() - 40 * DAY);
    expect(
      await listed({ party: mother, from: fortyDaysAgo, to: fortyDaysAgo, limit: 50 }),
    ).toEqual([ids.late]);
    expect(await listed({ party: mother, from: day(Date.now() - 10 * DAY), limit: 50 })).toEqual([
      ids.onTime,
    ]);
    // the list and the dossier page agree on overdue
    expect((await dossiers.find({}, ids.late))?.overdue).toBe(true);
  });

  it('pages with a cursor and says when more follow', async () => {
    const first = await dossiers.list({}, { party: mother, limit: 1 });
    expect(first).toMatchObject({ more: true, dossiers: [{ id: ids.onTime }] });
    const last = first.dossiers[0];
    const second = await dossiers.list(
      {},
      {
        party: mother,
        limit: 1,
        after: { receivedAt: last?.receivedAt ?? '', id: last?.id ?? '' },
      },
    );
    expect(second).toMatchObject({ more: false, dossiers: [{ id: ids.late }] });
  });
});
