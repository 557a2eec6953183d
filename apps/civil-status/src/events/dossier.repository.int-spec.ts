import { v7 as uuidv7 } from 'uuid';
import { inTransaction } from '@lienthong/persistence';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { CIVIL_STATUS_AGENCY } from '../civil-status.agency';
import { DossierRepository, type StepSettlement } from './dossier.repository';

type Settlement = Omit<StepSettlement, 'dossierId'>;

// Real: PostgreSQL, the civil-status schema and its migrations; two connections at once.
describe('DossierRepository: steps settled by concurrent transactions', () => {
  let registry: WiredAgencyRegistry;
  let dossiers: DossierRepository;

  beforeAll(async () => {
    registry = await wireAgencyRegistry(CIVIL_STATUS_AGENCY);
    dossiers = registry.moduleRef.get(DossierRepository);
  });

  afterAll(async () => {
    await registry.close();
  });

  it('completes the dossier when its last two steps settle at the same time', async () => {
    const plan = ['BIRTH_REGISTRATION', 'PERSONAL_ID', 'HEALTH_INSURANCE_CARD'].map((step) => ({
      step,
      agency: 'CIV',
      workingDays: 5,
    }));
    const ids = Array.from({ length: 20 }, () => uuidv7());
    for (const [i, id] of ids.entries()) {
      await inTransaction(registry.dataSource, (entityManager) =>
        dossiers.open(
          { entityManager },
          {
            id,
            procedure: 'BIRTH',
            registrationId: String(i + 1),
            officerId: 'cb-01',
            communeCode: '00004',
          },
          plan,
          new Date(),
        ),
      );
    }
    // as the consumers of citizen-created and card-issued do: one transaction each, at once
    await Promise.all(
      ids.flatMap((id) =>
        ['PERSONAL_ID', 'HEALTH_INSURANCE_CARD'].map((step) =>
          inTransaction(registry.dataSource, (entityManager) =>
            dossiers.complete({ entityManager }, id, step, uuidv7()),
          ),
        ),
      ),
    );
    const views = await Promise.all(ids.map((id) => dossiers.find({}, id)));
    expect(views.map((v) => v?.status)).toEqual(ids.map(() => 'COMPLETED'));
  });

  it('settles the steps of a batch as one transaction per event would', async () => {
    const plan = ['BIRTH_REGISTRATION', 'PERSONAL_ID', 'PERMANENT_RESIDENCE', 'CARD'].map(
      (step) => ({ step, agency: 'CIV', workingDays: 5 }),
    );
    const done = (step: string, eventId = uuidv7()): Settlement => ({
      step,
      status: 'DONE',
      eventId,
    });
    const refused = (step: string): Settlement => ({
      step,
      status: 'REFUSED',
      eventId: uuidv7(),
      code: 'POPULATION_HOUSEHOLD_NOT_FOUND',
      reason: 'no household',
    });
    const twice = [uuidv7(), uuidv7()];
    // per dossier, its settlements in arrival order
    const scenarios = [
      [done('PERSONAL_ID'), done('PERMANENT_RESIDENCE'), done('CARD')],
      [done('CARD'), done('PERSONAL_ID')],
      [done('PERSONAL_ID'), refused('PERMANENT_RESIDENCE'), done('CARD')],
      [done('PERSONAL_ID', twice[0]), done('PERSONAL_ID', twice[1]), done('PERMANENT_RESIDENCE')],
      [done('CARD'), done('PERMANENT_RESIDENCE'), done('PERSONAL_ID'), refused('CARD')],
    ];
    const open = async () => {
      const ids = scenarios.map(() => uuidv7());
      for (const [i, id] of ids.entries()) {
        await inTransaction(registry.dataSource, (entityManager) =>
          dossiers.open(
            { entityManager },
            {
              id,
              procedure: 'BIRTH',
              registrationId: String(100 + i),
              officerId: 'cb-01',
              communeCode: '00004',
            },
            plan,
            new Date(),
          ),
        );
      }
      return ids;
    };
    const alone = await open();
    for (const [i, settlements] of scenarios.entries()) {
      for (const { step, status, eventId, code, reason } of settlements) {
        const dossierId = alone[i] ?? '';
        await inTransaction(registry.dataSource, (entityManager) =>
          status === 'DONE'
            ? dossiers.complete({ entityManager }, dossierId, step, eventId)
            : dossiers.refuse({ entityManager }, dossierId, step, {
                eventId,
                code: code ?? '',
                reason: reason ?? '',
              }),
        );
      }
    }
    const together = await open();
    await inTransaction(registry.dataSource, (entityManager) =>
      dossiers.settleMany({ entityManager }, [
        ...scenarios.flatMap((settlements, i) =>
          settlements.map((s) => ({ ...s, dossierId: together[i] ?? '' })),
        ),
        // a dossier this office does not know: nothing to settle
        { ...done('CARD'), dossierId: uuidv7() },
      ]),
    );

    const outcome = async (id: string) => {
      const view = await dossiers.find({}, id);
      return {
        status: view?.status,
        completed: view?.completedAt !== null,
        steps: view?.steps.map((s) => [s.step, s.status, s.eventId, s.code, s.reason]),
      };
    };
    const expected = await Promise.all(alone.map(outcome));
    expect(expected.map((o) => o.status)).toEqual([
      'COMPLETED',
      'IN_PROGRESS',
      'REFUSED',
      'IN_PROGRESS',
      'COMPLETED',
    ]);
    expect(expected[3]?.steps?.find(([step]) => step === 'PERSONAL_ID')?.[2]).toBe(twice[0]);
    expect(await Promise.all(together.map(outcome))).toEqual(expected);
  });
});
