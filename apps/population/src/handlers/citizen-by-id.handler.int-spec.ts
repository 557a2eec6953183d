import type { DataSource } from 'typeorm';
import type { LookupContext } from '@lienthong/adapter-kit';
import {
  TransactionRunner,
  createDataSource,
  dropSchema,
  runMigrations,
} from '@lienthong/persistence';
import { SchemaRegistry } from '@lienthong/schema';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { Citizen } from '../registry/citizen.entity';
import { Household } from '../registry/household.entity';
import { POPULATION_ENTITIES, POPULATION_MIGRATIONS } from '../registry/population-registry';
import {
  CITIZEN_VIEWS_SQL,
  PopulationRegistryRepository,
} from '../registry/population-registry.repository';
import { Residence } from '../registry/residence.entity';
import { CitizenByIdHandler } from './citizen-by-id.handler';

// Real: PostgreSQL (own schema, the app's migrations). Mocked: nothing.
const HEAD = '001085012345';
const ELDER = '001050000017';

const head: Citizen = {
  personalId: HEAD,
  fullName: 'Nguyễn Văn An',
  familyName: 'Nguyễn',
  middleName: 'Văn',
  givenName: 'An',
  birthDate: '1985-03-14',
  birthDatePrecision: 'FULL',
  sex: 'MALE',
  ethnicity: 'Kinh',
  religion: null,
  nationality: 'VN',
  birthRegistrationCommune: '01004',
  householdNo: '010040000001',
  relationshipToHead: 'HEAD',
  fatherId: null,
  motherId: '001158004321',
  spouseId: null,
  status: 'ALIVE',
  dateOfDeath: null,
};

const elder: Citizen = {
  ...head,
  personalId: ELDER,
  fullName: 'Trần Thị Bình',
  familyName: 'Trần',
  middleName: 'Thị',
  givenName: 'Bình',
  birthDate: '1950-01-01',
  birthDatePrecision: 'YEAR',
  sex: 'FEMALE',
  householdNo: null,
  relationshipToHead: null,
  motherId: null,
  status: 'DECEASED',
  dateOfDeath: '2024-10-01',
};

describe('CitizenByIdHandler', () => {
  let testSchema: TestSchema;
  let dataSource: DataSource;
  let ctx: LookupContext;
  let sut: CitizenByIdHandler;

  beforeAll(async () => {
    testSchema = await createTestSchema(testDatabaseUrl());
    dataSource = await createDataSource({
      url: testDatabaseUrl(),
      schema: testSchema.schema,
      entities: POPULATION_ENTITIES,
      migrations: POPULATION_MIGRATIONS,
      applicationName: 'population-int-spec',
    });
    await runMigrations(dataSource);
    await dataSource.manager.insert(Citizen, [head, elder]);
    await dataSource.manager.insert(Household, {
      householdNo: '010040000001',
      headPersonalId: HEAD,
      communeCode: '01004',
      address: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
      registeredOn: '2010-05-20',
    });
    const residence = { personalId: HEAD, householdNo: '010040000001', removalReason: null };
    await dataSource.manager.insert(Residence, [
      // A removed registration is history: it must not be answered as the current residence.
      {
        ...residence,
        kind: 'PERMANENT',
        communeCode: '01001',
        address: 'Cũ',
        registeredOn: '2001-01-02',
        removedOn: '2010-05-19',
        removalReason: 'MOVED',
      },
      {
        ...residence,
        kind: 'PERMANENT',
        communeCode: '01004',
        address: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
        registeredOn: '2010-05-20',
        removedOn: null,
      },
      {
        ...residence,
        kind: 'TEMPORARY',
        householdNo: null,
        communeCode: '79001',
        address: 'Phòng 3, số 5 Nguyễn Huệ',
        registeredOn: '2024-09-01',
        removedOn: null,
      },
    ]);
    sut = new CitizenByIdHandler(
      new PopulationRegistryRepository(new TransactionRunner(dataSource)),
    );
    ctx = {
      messageId: '0b6f7f3e-5d55-4b8a-9a39-6c1e2f0f1a01',
      correlationId: '0b6f7f3e-5d55-4b8a-9a39-6c1e2f0f1a01',
      consumer: { member: 'CIV', subsystem: 'registry' },
      purpose: { procedure: '1.011537', legalBasis: 'Nghị định 63/2024/NĐ-CP', caseId: 'HS-1' },
      manager: dataSource.manager,
    };
  });

  afterAll(async () => {
    await dropSchema(dataSource, testSchema.schema);
    await dataSource.destroy();
  });

  it('answers FOUND with the current residences, the household and ISO dates', async () => {
    const outcome = await sut.handle(ctx, { personalId: HEAD });

    expect(outcome).toEqual({
      status: 'FOUND',
      record: {
        personalId: HEAD,
        fullName: 'Nguyễn Văn An',
        dateOfBirth: { value: '1985-03-14', precision: 'FULL' },
        sex: 'MALE',
        ethnicity: 'Kinh',
        religion: null,
        nationality: 'VN',
        birthRegistrationCommune: '01004',
        permanentResidence: {
          communeCode: '01004',
          address: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
          since: '2010-05-20',
        },
        temporaryResidence: {
          communeCode: '79001',
          address: 'Phòng 3, số 5 Nguyễn Huệ',
          since: '2024-09-01',
        },
        household: { householdNo: '010040000001', relationshipToHead: 'HEAD' },
        fatherId: null,
        motherId: '001158004321',
        spouseId: null,
        status: 'ALIVE',
        dateOfDeath: null,
      },
    });
  });

  it('answers a partial date of birth and a death with a schema-valid record', async () => {
    const outcome = await sut.handle(ctx, { personalId: ELDER });

    expect(outcome.status).toBe('FOUND');
    const record = outcome.status === 'FOUND' ? outcome.record : undefined;
    expect(record).toMatchObject({
      dateOfBirth: { value: '1950', precision: 'YEAR' },
      household: null,
      permanentResidence: null,
      status: 'DECEASED',
      dateOfDeath: '2024-10-01',
    });
    new SchemaRegistry().validate('urn:lienthong:population:citizen-by-id-response:1', {
      status: 'FOUND',
      record,
      policy: { service: sut.service, purpose: '1.011537', fields: Object.keys(record ?? {}) },
    });
  });

  it('answers NOT_FOUND for a personal id the registry does not hold', async () => {
    await expect(sut.handle(ctx, { personalId: '001099999999' })).resolves.toEqual({
      status: 'NOT_FOUND',
    });
  });

  it('answers look-ups made at once with one indexed read, each with its own citizen', async () => {
    const outcomes = await Promise.all(
      [HEAD, '001099999999', ELDER, HEAD].map((personalId) => sut.handle(ctx, { personalId })),
    );
    expect(outcomes.map((o) => (o.status === 'FOUND' ? o.record.personalId : o.status))).toEqual([
      HEAD,
      'NOT_FOUND',
      ELDER,
      HEAD,
    ]);
    // the batched statement finds its rows through the primary key, whatever the registry's size
    await dataSource.query('SET enable_seqscan = off'); // a table of two rows is scanned otherwise
    const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
      `EXPLAIN ${CITIZEN_VIEWS_SQL}`,
      [[HEAD, ELDER]],
    );
    await dataSource.query('RESET enable_seqscan');
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
      /Index Scan (on|using) citizens_pkey/,
    );
  });

  it('takes a request schema that names the data subject (personalId) for the audit trail', () => {
    expect(new SchemaRegistry().subjectField(sut.requestType)).toEqual({
      field: 'personalId',
      scheme: 'personal-id',
    });
  });
});
