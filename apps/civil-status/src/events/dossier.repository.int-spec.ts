import { v7 as uuidv7 } from 'uuid';
import { inTransaction } from '@lienthong/persistence';
import { wireAgencyRegistry, type WiredAgencyRegistry } from '@lienthong/testing';
import { CIVIL_STATUS_AGENCY } from '../civil-status.agency';
import { DossierRepository } from './dossier.repository';

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
          { id, procedure: 'BIRTH', registrationId: String(i + 1), officerId: 'cb-01' },
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
});
