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
import { BirthRegistration } from '../registry/birth-registration.entity';
import { CIVIL_STATUS_ENTITIES, CIVIL_STATUS_MIGRATIONS } from '../registry/civil-status-registry';
import { CivilStatusRepository } from '../registry/civil-status.repository';
import { DeathRegistration } from '../registry/death-registration.entity';
import { MarriageRegistration } from '../registry/marriage-registration.entity';
import { CivilEventsByPersonHandler } from './civil-events-by-person.handler';

// Real: PostgreSQL (own schema, the app's migrations). Mocked: nothing.
const CHILD = '001224000017';
const FATHER = '001085012345';
const MOTHER = '001187054321';
const GRANDMOTHER = '001158004321';

const book = { registeringCommune: '01004', bookNo: '01/2024' };

describe('CivilEventsByPersonHandler', () => {
  let testSchema: TestSchema;
  let dataSource: DataSource;
  let ctx: LookupContext;
  let sut: CivilEventsByPersonHandler;

  beforeAll(async () => {
    testSchema = await createTestSchema(testDatabaseUrl());
    dataSource = await createDataSource({
      url: testDatabaseUrl(),
      schema: testSchema.schema,
      entities: CIVIL_STATUS_ENTITIES,
      migrations: CIVIL_STATUS_MIGRATIONS,
      applicationName: 'civil-status-int-spec',
    });
    await runMigrations(dataSource);
    await dataSource.manager.insert(BirthRegistration, {
      ...book,
      entryNo: 37,
      registeredOn: '2024-03-05',
      childPersonalId: CHILD,
      childFullName: 'Nguyễn Minh Khang',
      sex: 'MALE',
      birthDate: '2024-03-02',
      birthDatePrecision: 'FULL',
      placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
      fatherPersonalId: FATHER,
      motherPersonalId: MOTHER,
      registrationType: 'ON_TIME',
    });
    await dataSource.manager.insert(MarriageRegistration, {
      registeringCommune: '01004',
      bookNo: '01/2011',
      entryNo: 5,
      registeredOn: '2011-06-18',
      husbandPersonalId: FATHER,
      wifePersonalId: MOTHER,
      status: 'REGISTERED',
    });
    await dataSource.manager.insert(DeathRegistration, {
      ...book,
      entryNo: 12,
      registeredOn: '2024-10-08',
      deceasedPersonalId: GRANDMOTHER,
      deceasedFullName: 'Trần Thị Mai',
      dateOfDeath: '2024-10-01',
      placeOfDeath: 'Số 12, đường Lê Lợi, Xã số 4, Hà Nội',
      declarantPersonalId: FATHER,
    });
    sut = new CivilEventsByPersonHandler(
      new CivilStatusRepository(new TransactionRunner(dataSource)),
    );
    ctx = {
      messageId: '2f6a1c3e-71d4-4c55-8f3e-4b9d0e6a7c02',
      correlationId: '2f6a1c3e-71d4-4c55-8f3e-4b9d0e6a7c02',
      consumer: { member: 'INS', subsystem: 'registry' },
      purpose: { procedure: 'BHYT-TE', legalBasis: 'Luật BHYT', caseId: 'HS-3' },
      manager: dataSource.manager,
    };
  });

  afterAll(async () => {
    await dropSchema(dataSource, testSchema.schema);
    await dataSource.destroy();
  });

  it('answers FOUND with the birth act, parents by id and ISO dates', async () => {
    await expect(sut.handle(ctx, { personalId: CHILD })).resolves.toEqual({
      status: 'FOUND',
      record: {
        personalId: CHILD,
        birth: {
          registration: {
            communeCode: '01004',
            bookNo: '01/2024',
            entryNo: 37,
            registeredOn: '2024-03-05',
          },
          fullName: 'Nguyễn Minh Khang',
          sex: 'MALE',
          dateOfBirth: { value: '2024-03-02', precision: 'FULL' },
          placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
          fatherId: FATHER,
          motherId: MOTHER,
          registrationType: 'ON_TIME',
        },
        death: null,
        marriages: [],
      },
    });
  });

  it('answers a person known only by a death act with a schema-valid record', async () => {
    const outcome = await sut.handle(ctx, { personalId: GRANDMOTHER });

    expect(outcome).toMatchObject({
      status: 'FOUND',
      record: { birth: null, death: { dateOfDeath: '2024-10-01', declarantId: FATHER } },
    });
    const record = outcome.status === 'FOUND' ? outcome.record : undefined;
    new SchemaRegistry().validate('urn:lienthong:civil-status:events-by-person-response:1', {
      status: 'FOUND',
      record,
      policy: { service: sut.service, purpose: '1.011537', fields: Object.keys(record ?? {}) },
    });
  });

  it('finds a marriage from either spouse, and a parent is not the subject of the birth', async () => {
    const wife = await sut.handle(ctx, { personalId: MOTHER });
    const husband = await sut.handle(ctx, { personalId: FATHER });

    for (const outcome of [wife, husband]) {
      expect(outcome).toMatchObject({
        status: 'FOUND',
        record: {
          birth: null,
          death: null,
          marriages: [{ husbandId: FATHER, wifeId: MOTHER, status: 'REGISTERED' }],
        },
      });
    }
  });

  it('answers NOT_FOUND for a person the register holds no act for', async () => {
    await expect(sut.handle(ctx, { personalId: '001080000123' })).resolves.toEqual({
      status: 'NOT_FOUND',
    });
  });

  it('takes a request schema that names the data subject (personalId) for the audit trail', () => {
    expect(new SchemaRegistry().subjectField(sut.requestType)).toEqual({
      field: 'personalId',
      scheme: 'personal-id',
    });
  });
});
