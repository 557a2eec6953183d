// Real: nats-server, PostgreSQL, PKI, signed configuration, the CIV, POP and INS adapters with
// their registries and event handlers, the officer HTTP API, the reference webhook receiver that
// CIV's systems run. Mocked: nothing.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AdapterKitModule, loadAdapterConfig, type AgencyDefinition } from '@lienthong/adapter-kit';
import { ProblemFilter } from '@lienthong/errors';
import { DATA_SOURCE } from '@lienthong/persistence';
import { SchemaRegistry } from '@lienthong/schema';
import {
  TestBus,
  createTestSchema,
  eventually,
  makeTempRoot,
  type TestSchema,
} from '@lienthong/testing';
import { CIVIL_STATUS_AGENCY } from '../apps/civil-status/src/civil-status.agency';
import { INSURANCE_AGENCY } from '../apps/insurance/src/insurance.agency';
import { POPULATION_AGENCY } from '../apps/population/src/population.agency';
import { DEMO_ACCESS_RIGHTS, DEMO_SERVICES } from '../tools/launcher/demo-setup';
import { recordFields } from '../tools/launcher/trust-bootstrap';
import { WebhookReceiver } from '../tools/webhook-receiver/webhook-receiver';

const registry = (member: string) => ({ member, subsystem: 'registry' });
const FATHER = '001085012345';
const MOTHER = '001190004321';
const HOUSEHOLDLESS = '001080099999';

const GRANTS: [string, string, string][] = [
  ['POP', 'CIV', 'birth-registered'],
  ['INS', 'POP', 'citizen-created'],
  ['CIV', 'POP', 'citizen-created'],
  ['CIV', 'POP', 'residence-registered'],
  ['CIV', 'POP', 'step-refused'],
  ['CIV', 'INS', 'card-issued'],
  ['CIV', 'INS', 'step-refused'],
];

async function seedParents(dataSource: DataSource): Promise<void> {
  const citizen = `INSERT INTO citizens (personal_id, full_name, family_name, middle_name, given_name,
    birth_date, birth_date_precision, sex, ethnicity, nationality, birth_registration_commune,
    household_no, relationship_to_head) VALUES ($1, $2, $3, $4, $5, $6, 'FULL', $7, 'Kinh', 'VN', '00004', $8, $9)`;
  await dataSource.query(citizen, [
    FATHER,
    'Nguyễn Văn An',
    'Nguyễn',
    'Văn',
    'An',
    '1985-03-01',
    'MALE',
    'HK01000001',
    'HEAD',
  ]);
  await dataSource.query(citizen, [
    MOTHER,
    'Trần Thị Bình',
    'Trần',
    'Thị',
    'Bình',
    '1990-06-15',
    'FEMALE',
    'HK01000001',
    'SPOUSE',
  ]);
  await dataSource.query(citizen, [
    HOUSEHOLDLESS,
    'Lê Văn Cường',
    'Lê',
    'Văn',
    'Cường',
    '1980-01-01',
    'MALE',
    null,
    null,
  ]);
  await dataSource.query(
    `INSERT INTO households (household_no, head_personal_id, commune_code, address, registered_on)
     VALUES ('HK01000001', $1, '00004', 'Số 1 phố Phúc Xá, Ba Đình, Hà Nội', '2015-01-01')`,
    [FATHER],
  );
}

describe('group 1: birth → personal id + permanent residence → TE card, one dossier', () => {
  let bus: TestBus;
  const apps = new Map<string, INestApplication>();
  const dbSchemas: TestSchema[] = [];
  const schemas = new SchemaRegistry();
  const receiverDir = makeTempRoot('lienthong-dossier-webhooks-');
  let receiver: WebhookReceiver;

  /** The dossier steps CIV's systems were told of, for one dossier. */
  const pushedSteps = (dossierId: string) =>
    receiver
      .deliveries()
      .map((d) => (JSON.parse(d.body) as { data: Record<string, string> }).data)
      .filter((data) => data['dossierId'] === dossierId)
      .map(({ step, status, code }) => ({ step, status, ...(code ? { code } : {}) }))
      .sort((a, b) => (a.step ?? '').localeCompare(b.step ?? ''));

  async function start(definition: AgencyDefinition): Promise<INestApplication> {
    const db = await createTestSchema(process.env['TEST_DATABASE_URL'] ?? '');
    dbSchemas.push(db);
    const config = loadAdapterConfig(
      bus.adapterEnv(definition.member, 'registry', { DATABASE_URL: db.url }),
    );
    const moduleRef = await Test.createTestingModule({
      imports: [
        AdapterKitModule.forAgency(
          { ...definition, schema: db.schema, eventSettings: { relayPollMs: 100 } },
          config,
        ),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
    apps.set(definition.member, app);
    return app;
  }

  beforeAll(async () => {
    bus = await TestBus.create({
      members: ['POP', 'CIV', 'INS'].map(registry),
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
        fields: r.fields === '*' ? [] : [...r.fields],
      })),
      eventRights: GRANTS.map(([subscriber, publisher, eventType]) => ({
        subscriber: registry(subscriber),
        publisher,
        eventType,
      })),
    });
    const pop = await start(POPULATION_AGENCY);
    await seedParents(pop.get<DataSource>(DATA_SOURCE));
    await start(INSURANCE_AGENCY);
    const civ = await start(CIVIL_STATUS_AGENCY);
    // CIV's one-stop-shop software is told of each dossier step
    const member = bus.member('CIV');
    receiver = new WebhookReceiver({
      caPem: readFileSync(bus.anchorFile, 'utf8'),
      signerPem: readFileSync(member.certFile, 'utf8') + readFileSync(member.chainFile, 'utf8'),
      storeDir: join(receiverDir, 'store'),
    });
    const port = await receiver.listen(0);
    const registered = await request(civ.getHttpServer())
      .post('/v1/webhooks')
      .set('Authorization', `Bearer ${await bus.officerToken('CIV', 'operator')}`)
      .send({ url: `http://127.0.0.1:${port}/webhook`, topics: ['dossier.step'] });
    if (registered.status !== 201) {
      throw new Error(`webhook endpoint not registered: ${registered.status}`);
    }
  });

  afterAll(async () => {
    for (const app of apps.values()) {
      await app.close();
    }
    for (const db of dbSchemas) {
      await db.drop();
    }
    await bus?.close();
    await receiver?.close();
    rmSync(receiverDir, { recursive: true, force: true });
  });

  const civ = () => apps.get('CIV') as INestApplication;

  async function registerBirth(body: Record<string, unknown>) {
    return request(civ().getHttpServer())
      .post('/v1/births')
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`)
      .send({
        communeCode: '00004',
        child: {
          fullName: 'Nguyễn Minh Khôi',
          sex: 'MALE',
          birthDate: new Date().toISOString().slice(0, 10),
          placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
        },
        ...body,
      });
  }

  async function dossier(id: string) {
    const response = await request(civ().getHttpServer())
      .get(`/v1/dossiers/${id}`)
      .set('Authorization', `Bearer ${await bus.officerToken('CIV')}`);
    expect(response.status).toBe(200);
    return response.body as {
      status: string;
      overdue: boolean;
      steps: { step: string; status: string; dueAt: string; overdue: boolean; code: string }[];
    };
  }

  it('registers a birth and the dossier reaches "card issued" within seconds', async () => {
    const receipt = await registerBirth({ fatherPersonalId: FATHER, motherPersonalId: MOTHER });
    expect(receipt.body).toMatchObject({ dossierId: expect.any(String) });
    expect(receipt.status).toBe(202);
    const dossierId = receipt.body.dossierId as string;
    const done = await eventually(
      async () => {
        const view = await dossier(dossierId);
        expect(view.status).toBe('COMPLETED');
        return view;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(done.steps.map((s) => [s.step, s.status])).toEqual([
      ['BIRTH_REGISTRATION', 'DONE'],
      ['HEALTH_INSURANCE_CARD', 'DONE'],
      ['PERMANENT_RESIDENCE', 'DONE'],
      ['PERSONAL_ID', 'DONE'],
    ]);
    expect(done.overdue).toBe(false);
    await eventually(() =>
      expect(pushedSteps(dossierId)).toEqual([
        { step: 'HEALTH_INSURANCE_CARD', status: 'DONE' },
        { step: 'PERMANENT_RESIDENCE', status: 'DONE' },
        { step: 'PERSONAL_ID', status: 'DONE' },
      ]),
    );

    const civDb = civ().get<DataSource>(DATA_SOURCE);
    const [birth] = await civDb.query<{ child_personal_id: string }[]>(
      `SELECT child_personal_id FROM birth_registrations WHERE id = $1`,
      [receipt.body.registrationId],
    );
    const childId = birth?.child_personal_id ?? '';
    expect(childId).toMatch(/^001\d{9}$/);
    const popDb = (apps.get('POP') as INestApplication).get<DataSource>(DATA_SOURCE);
    const [residence] = await popDb.query<{ household_no: string }[]>(
      `SELECT household_no FROM residences WHERE personal_id = $1 AND removed_on IS NULL`,
      [childId],
    );
    expect(residence?.household_no).toBe('HK01000001');
    const insDb = (apps.get('INS') as INestApplication).get<DataSource>(DATA_SOURCE);
    const cards = await insDb.query<{ beneficiary_group: string }[]>(
      `SELECT beneficiary_group FROM health_insurance_cards WHERE personal_id = $1`,
      [childId],
    );
    expect(cards).toEqual([{ beneficiary_group: 'TE' }]);
  });

  it("shows the step refused with population's reason when the parent has no household", async () => {
    const receipt = await registerBirth({ fatherPersonalId: HOUSEHOLDLESS });
    expect(receipt.status).toBe(202);
    const view = await eventually(
      async () => {
        const current = await dossier(receipt.body.dossierId as string);
        expect(current.status).toBe('REFUSED');
        return current;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(view.steps.find((s) => s.step === 'PERMANENT_RESIDENCE')).toMatchObject({
      status: 'REFUSED',
      code: 'POPULATION_HOUSEHOLD_NOT_FOUND',
    });
    await eventually(() =>
      expect(pushedSteps(receipt.body.dossierId as string)).toContainEqual({
        step: 'PERMANENT_RESIDENCE',
        status: 'REFUSED',
        code: 'POPULATION_HOUSEHOLD_NOT_FOUND',
      }),
    );
  });

  it('refuses a parent the population registry does not know, before registering anything', async () => {
    const response = await registerBirth({ motherPersonalId: '001195000000' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('BIRTH_PARENT_NOT_FOUND');
  });

  it('requires an officer token', async () => {
    const response = await request(civ().getHttpServer()).post('/v1/births').send({});
    expect(response.status).toBe(401);
  });

  it('gives a leader the figures, never a dossier; an officer the dossier, never the figures', async () => {
    const as = async (role: string) =>
      `Bearer ${await bus.officerToken('CIV', role, `${role}-01`)}`;
    const http = () => request(civ().getHttpServer());
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const figures = await http()
      .get(`/v1/statistics/dossiers?to=${today}&procedure=BIRTH`)
      .set('Authorization', await as('leader'));
    expect(figures.status).toBe(200);
    // the births of the tests above: one completed, one refused
    expect(figures.body.totals).toMatchObject({ received: 2, done: 1, refused: 1 });
    expect(JSON.stringify(figures.body)).not.toMatch(/officer-01|Nguyễn|00108501/);
    const csv = await http()
      .get(`/v1/statistics/dossiers.csv?to=${today}`)
      .set('Authorization', await as('leader'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFFsection,period_from,period_to,commune,week,procedure,step,agency,received,done,done_on_time,on_time_share,refused,average_days_to_done,in_progress,overdue',
    );

    const refusals = await Promise.all([
      http()
        .get(`/v1/statistics/dossiers`)
        .set('Authorization', await as('officer')),
      http()
        .get(`/v1/statistics/dossiers?from=2026-13-01`)
        .set('Authorization', await as('leader')),
      http()
        .post('/v1/births')
        .set('Authorization', await as('leader'))
        .send({}),
      http()
        .get('/v1/dossiers/0190a0e2-7b1c-7d2e-8f3a-4b5c6d7e8f90')
        .set('Authorization', await as('leader')),
    ]);
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
      [403, 'AUTH_ROLE_FORBIDDEN'],
      [400, 'STATISTICS_QUERY_INVALID'],
      [403, 'AUTH_ROLE_FORBIDDEN'],
      [403, 'AUTH_ROLE_FORBIDDEN'],
    ]);
  });

  it('lets the operator keep the working calendar, and everyone read it', async () => {
    const as = async (role: string) =>
      `Bearer ${await bus.officerToken('CIV', role, `${role}-01`)}`;
    const http = () => request(civ().getHttpServer());
    const day = {
      kind: 'HOLIDAY',
      name: 'Ngày Văn hóa Việt Nam',
      basis: 'kiểm thử: ngày nghỉ do người vận hành nhập',
      provisional: true,
    };
    const byOfficer = await http()
      .put('/v1/calendar/days/2031-11-24')
      .set('Authorization', await as('officer'))
      .send(day);
    expect([byOfficer.status, byOfficer.body.code]).toEqual([403, 'AUTH_ROLE_FORBIDDEN']);
    const onSaturday = await http()
      .put('/v1/calendar/days/2031-11-22')
      .set('Authorization', await as('operator'))
      .send(day);
    expect([onSaturday.status, onSaturday.body.code]).toEqual([400, 'CALENDAR_DAY_INVALID']);
    const entered = await http()
      .put('/v1/calendar/days/2031-11-24')
      .set('Authorization', await as('operator'))
      .send(day);
    expect(entered.status).toBe(200);
    expect(entered.body).toMatchObject({ day: { date: '2031-11-24', updatedBy: 'operator-01' } });
    const year = await http()
      .get('/v1/calendar/days?year=2031')
      .set('Authorization', await as('leader'));
    expect(year.body).toEqual([expect.objectContaining({ date: '2031-11-24', kind: 'HOLIDAY' })]);
    const shipped = await http()
      .get('/v1/calendar/days?year=2026')
      .set('Authorization', await as('officer'));
    expect(shipped.body.map((d: { date: string }) => d.date)).toContain('2026-02-17');
    const removed = await http()
      .delete('/v1/calendar/days/2031-11-24')
      .set('Authorization', await as('operator'));
    expect(removed.status).toBe(200);
  });
});
