// Real: nats-server, PostgreSQL, PKI, signed configuration, the CIV, POP, INS and BIZ adapters with
// their registries and event handlers, the officer HTTP API. Mocked: nothing.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AdapterKitModule, loadAdapterConfig, type AgencyDefinition } from '@lienthong/adapter-kit';
import { ProblemFilter } from '@lienthong/errors';
import { DATA_SOURCE } from '@lienthong/persistence';
import { SchemaRegistry } from '@lienthong/schema';
import { TestBus, createTestSchema, eventually, type TestSchema } from '@lienthong/testing';
import { BUSINESS_REGISTRY_AGENCY } from '../apps/business-registry/src/business-registry.agency';
import { CIVIL_STATUS_AGENCY } from '../apps/civil-status/src/civil-status.agency';
import { INSURANCE_AGENCY } from '../apps/insurance/src/insurance.agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
import { DEMO_ACCESS_RIGHTS, DEMO_SERVICES } from '../tools/launcher/demo-setup';
import { recordFields } from '../tools/launcher/trust-bootstrap';

const registry = (member: string) => ({ member, subsystem: 'registry' });
/** Insured, with a permanent residence, legal representative of an enterprise. */
const DIRECTOR = '001055012345';
/** Alive and resident, never insured. */
const UNINSURED = '001060054321';
/** Alive, no residence registered. */
const HOMELESS = '001070011111';
const ENTERPRISE = '0101234565';

const GRANTS: [string, string, string][] = [
  ['POP', 'CIV', 'death-registered'],
  ['INS', 'CIV', 'death-registered'],
  ['BIZ', 'POP', 'citizen-deceased'],
  ['CIV', 'POP', 'residence-removed'],
  ['CIV', 'POP', 'step-refused'],
  ['CIV', 'INS', 'benefit-opened'],
  ['CIV', 'INS', 'step-refused'],
];

async function seedPopulation(db: DataSource): Promise<void> {
  const citizen = `INSERT INTO citizens (personal_id, full_name, family_name, middle_name, given_name,
    birth_date, birth_date_precision, sex, ethnicity, nationality, birth_registration_commune)
    VALUES ($1, $2, $3, $4, $5, $6, 'FULL', 'MALE', 'Kinh', 'VN', '00004')`;
  await db.query(citizen, [DIRECTOR, 'Phạm Văn Đức', 'Phạm', 'Văn', 'Đức', '1955-02-01']);
  await db.query(citizen, [UNINSURED, 'Hoàng Văn Em', 'Hoàng', 'Văn', 'Em', '1960-05-05']);
  await db.query(citizen, [HOMELESS, 'Vũ Văn Giang', 'Vũ', 'Văn', 'Giang', '1970-07-07']);
  for (const id of [DIRECTOR, UNINSURED]) {
    await db.query(
      `INSERT INTO residences (personal_id, kind, commune_code, address, registered_on)
       VALUES ($1, 'PERMANENT', '00004', 'Số 2 phố Phúc Xá, Ba Đình, Hà Nội', '2000-01-01')`,
      [id],
    );
  }
}

async function seedInsurance(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO insured_persons (social_insurance_number, personal_id, full_name, province_code, issued_on)
     VALUES ($1, $2, 'Phạm Văn Đức', '01', '1995-01-01')`,
    [DIRECTOR.slice(2), DIRECTOR],
  );
  await db.query(
    `INSERT INTO health_insurance_cards (card_code, social_insurance_number, personal_id,
       beneficiary_group, benefit_level, valid_from, registered_clinic, status)
     VALUES ($1, $2, $3, 'HT', 2, '2020-01-01', '01001', 'ACTIVE')`,
    [`HT201${DIRECTOR.slice(2)}`, DIRECTOR.slice(2), DIRECTOR],
  );
}

async function seedBusiness(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO enterprises (enterprise_code, name, legal_form, status, founding_date, commune_code, address)
     VALUES ($1, 'Công ty TNHH Đức Phát', 'LLC_SINGLE_MEMBER', 'ACTIVE', '2001-01-01', '00004', 'Hà Nội')`,
    [ENTERPRISE],
  );
  await db.query(
    `INSERT INTO legal_representatives (enterprise_code, personal_id, full_name, position, since)
     VALUES ($1, $2, 'Phạm Văn Đức', 'Giám đốc', '2001-01-01')`,
    [ENTERPRISE, DIRECTOR],
  );
}

interface DossierView {
  status: string;
  overdue: boolean;
  steps: { step: string; status: string; dueAt: string; code: string | null }[];
}

describe('group 2: death → deceased + residence removed → funeral allowance / survivor benefit', () => {
  let bus: TestBus;
  const apps = new Map<string, INestApplication>();
  const dbSchemas: TestSchema[] = [];
  const schemas = new SchemaRegistry();
  const db = (member: string) =>
    (apps.get(member) as INestApplication).get<DataSource>(DATA_SOURCE);

  async function start(definition: AgencyDefinition): Promise<void> {
    const testDb = await createTestSchema(process.env['TEST_DATABASE_URL'] ?? '');
    dbSchemas.push(testDb);
    const config = loadAdapterConfig(
      bus.adapterEnv(definition.member, 'registry', { DATABASE_URL: testDb.url }),
    );
    const moduleRef = await Test.createTestingModule({
      imports: [
        AdapterKitModule.forAgency(
          { ...definition, schema: testDb.schema, eventSettings: { relayPollMs: 100 } },
          config,
        ),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
    apps.set(definition.member, app);
  }

  beforeAll(async () => {
    bus = await TestBus.create({
      members: ['POP', 'CIV', 'INS', 'BIZ'].map(registry),
      services: DEMO_SERVICES.filter((s) => s.code === 'citizen-by-id').map((s) => ({
        code: s.code,
        version: 1,
        provider: registry(s.provider),
        requestType: s.requestType,
        responseType: s.responseType,
        title: s.title,
        fields: recordFields(schemas, s.responseType),
      })),
      accessRights: DEMO_ACCESS_RIGHTS.filter(
        (r) => r.consumer === 'CIV' && r.service === 'citizen-by-id',
      ).map((r) => ({
        consumer: registry(r.consumer),
        service: r.service,
        purposes: [...r.purposes],
        legalBases: r.legalBases,
        fields: r.fields === '*' ? [] : [...r.fields],
      })),
      eventRights: GRANTS.map(([subscriber, publisher, eventType]) => ({
        subscriber: registry(subscriber),
        publisher,
        eventType,
      })),
    });
    await start(POPULATION_AGENCY);
    await seedPopulation(db('POP'));
    await start(INSURANCE_AGENCY);
    await seedInsurance(db('INS'));
    await start(BUSINESS_REGISTRY_AGENCY);
    await seedBusiness(db('BIZ'));
    await start(CIVIL_STATUS_AGENCY);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps.values()) {
      await app.close();
    }
    for (const testDb of dbSchemas) {
      await testDb.drop();
    }
    await bus?.close();
  });

  const civ = () => (apps.get('CIV') as INestApplication).getHttpServer();

  async function registerDeath(body: Record<string, unknown>) {
    return request(civ())
      .post('/v1/deaths')
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({
        communeCode: '00004',
        dateOfDeath: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
        placeOfDeath: 'Bệnh viện Bạch Mai, Hà Nội',
        ...body,
      });
  }

  async function settled(dossierId: string, status: string): Promise<DossierView> {
    return eventually(
      async () => {
        const response = await request(civ())
          .get(`/v1/dossiers/${dossierId}`)
          .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`);
        expect(response.status).toBe(200);
        expect(response.body.status).toBe(status);
        return response.body as DossierView;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  }

  it('honours the choice of 4: every registry updated, the dossier done, the enterprise flagged', async () => {
    const receipt = await registerDeath({
      deceasedPersonalId: DIRECTOR,
      procedures: [
        'SURVIVOR_BENEFIT',
        'DEATH_REGISTRATION',
        'FUNERAL_ALLOWANCE',
        'RESIDENCE_REMOVAL',
      ],
    });
    expect(receipt.status).toBe(202);
    expect(receipt.body.procedures).toEqual([
      'DEATH_REGISTRATION',
      'RESIDENCE_REMOVAL',
      'FUNERAL_ALLOWANCE',
      'SURVIVOR_BENEFIT',
    ]);
    const done = await settled(receipt.body.dossierId as string, 'COMPLETED');
    expect(done.steps.map((s) => [s.step, s.status]).sort()).toEqual([
      ['DEATH_REGISTRATION', 'DONE'],
      ['FUNERAL_ALLOWANCE', 'DONE'],
      ['RESIDENCE_REMOVAL', 'DONE'],
      ['SURVIVOR_BENEFIT', 'DONE'],
    ]);
    expect(done.overdue).toBe(false);

    const [citizen] = await db('POP').query(
      `SELECT status, date_of_death::text AS d FROM citizens WHERE personal_id = $1`,
      [DIRECTOR],
    );
    expect(citizen.status).toBe('DECEASED');
    const current = await db('POP').query(
      `SELECT removal_reason FROM residences WHERE personal_id = $1`,
      [DIRECTOR],
    );
    expect(current).toEqual([{ removal_reason: 'DECEASED' }]);
    expect(
      await db('INS').query(`SELECT status FROM health_insurance_cards WHERE personal_id = $1`, [
        DIRECTOR,
      ]),
    ).toEqual([{ status: 'REVOKED' }]);
    expect(
      await db('INS').query(
        `SELECT benefit FROM benefits WHERE personal_id = $1 ORDER BY benefit`,
        [DIRECTOR],
      ),
    ).toEqual([{ benefit: 'FUNERAL_ALLOWANCE' }, { benefit: 'SURVIVOR_BENEFIT' }]);
    const flags = await eventually(async () => {
      const rows = await db('BIZ').query(
        `SELECT enterprise_code, flag FROM representative_flags WHERE personal_id = $1`,
        [DIRECTOR],
      );
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(flags).toEqual([{ enterprise_code: ENTERPRISE, flag: 'DECEASED' }]);
    const [death] = await db('CIV').query(
      `SELECT deceased_full_name FROM death_registrations WHERE id = $1`,
      [receipt.body.registrationId],
    );
    expect(death.deceased_full_name).toBe('Phạm Văn Đức');
  });

  it('honours the choice of 3 and shows a benefit refused for a person never insured', async () => {
    const receipt = await registerDeath({
      deceasedPersonalId: UNINSURED,
      procedures: ['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL', 'FUNERAL_ALLOWANCE'],
    });
    expect(receipt.status).toBe(202);
    const view = await settled(receipt.body.dossierId as string, 'REFUSED');
    expect(view.steps.map((s) => s.step).sort()).toEqual([
      'DEATH_REGISTRATION',
      'FUNERAL_ALLOWANCE',
      'RESIDENCE_REMOVAL',
    ]);
    expect(view.steps.find((s) => s.step === 'FUNERAL_ALLOWANCE')).toMatchObject({
      status: 'REFUSED',
      code: 'INSURANCE_PERSON_NOT_INSURED',
    });
    // the refusal settles the dossier; population's step still completes on its own
    await eventually(async () => {
      const later = await settled(receipt.body.dossierId as string, 'REFUSED');
      expect(later.steps.find((s) => s.step === 'RESIDENCE_REMOVAL')?.status).toBe('DONE');
    });
  });

  it('honours the choice of 2 and refuses the removal of a residence that does not exist', async () => {
    const receipt = await registerDeath({
      deceasedPersonalId: HOMELESS,
      procedures: ['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL'],
    });
    expect(receipt.status).toBe(202);
    const view = await settled(receipt.body.dossierId as string, 'REFUSED');
    expect(view.steps.map((s) => [s.step, s.status, s.code])).toEqual([
      ['DEATH_REGISTRATION', 'DONE', null],
      ['RESIDENCE_REMOVAL', 'REFUSED', 'POPULATION_RESIDENCE_NOT_FOUND'],
    ]);
    const [citizen] = await db('POP').query(`SELECT status FROM citizens WHERE personal_id = $1`, [
      HOMELESS,
    ]);
    expect(citizen.status).toBe('DECEASED');
  });

  it('refuses a second death of the same citizen, an unknown citizen and a choice out of order', async () => {
    const twice = await registerDeath({
      deceasedPersonalId: DIRECTOR,
      procedures: ['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL'],
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'DEATH_ALREADY_REGISTERED']);
    const unknown = await registerDeath({
      deceasedPersonalId: '001099000000',
      procedures: ['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL'],
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'DEATH_DECEASED_NOT_FOUND']);
    const skipped = await registerDeath({
      deceasedPersonalId: UNINSURED,
      procedures: ['DEATH_REGISTRATION', 'RESIDENCE_REMOVAL', 'SURVIVOR_BENEFIT'],
    });
    expect([skipped.status, skipped.body.code]).toEqual([400, 'DEATH_PROCEDURES_INVALID']);
    const alone = await registerDeath({
      deceasedPersonalId: UNINSURED,
      procedures: ['DEATH_REGISTRATION'],
    });
    expect([alone.status, alone.body.code]).toEqual([400, 'DEATH_PROCEDURES_INVALID']);
  });

  it('requires an officer token', async () => {
    const response = await request(civ()).post('/v1/deaths').send({});
    expect(response.status).toBe(401);
  });
});
