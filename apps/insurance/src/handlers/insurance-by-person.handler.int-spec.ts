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
import { HealthInsuranceCard } from '../registry/health-insurance-card.entity';
import { INSURANCE_ENTITIES, INSURANCE_MIGRATIONS } from '../registry/insurance-registry';
import { InsuranceRepository } from '../registry/insurance.repository';
import { InsuredPerson } from '../registry/insured-person.entity';
import { ParticipationPeriod } from '../registry/participation-period.entity';
import { InsuranceByPersonHandler } from './insurance-by-person.handler';

// Real: PostgreSQL (own schema, the app's migrations). Mocked: nothing. The handler reads the
// real clock, so validity windows are wide enough to hold on any day this test runs.
const WORKER = '001085012345';
const CHILD = '001224000017';

const card = {
  registeredClinic: '01012',
  status: 'ACTIVE',
} as const;

describe('InsuranceByPersonHandler', () => {
  let testSchema: TestSchema;
  let dataSource: DataSource;
  let ctx: LookupContext;
  let sut: InsuranceByPersonHandler;

  beforeAll(async () => {
    testSchema = await createTestSchema(testDatabaseUrl());
    dataSource = await createDataSource({
      url: testDatabaseUrl(),
      schema: testSchema.schema,
      entities: INSURANCE_ENTITIES,
      migrations: INSURANCE_MIGRATIONS,
      applicationName: 'insurance-int-spec',
    });
    await runMigrations(dataSource);
    await dataSource.manager.insert(InsuredPerson, [
      {
        socialInsuranceNumber: '0112345678',
        personalId: WORKER,
        fullName: 'Nguyễn Văn An',
        provinceCode: '01',
        issuedOn: '2012-10-01',
      },
      {
        socialInsuranceNumber: '0187654321',
        personalId: CHILD,
        fullName: 'Nguyễn Minh Khang',
        provinceCode: '01',
        issuedOn: '2024-03-02',
      },
    ]);
    await dataSource.manager.insert(ParticipationPeriod, [
      {
        socialInsuranceNumber: '0112345678',
        scheme: 'VOLUNTARY',
        employerCode: null,
        fromMonth: '2012-10-01',
        toMonth: '2015-03-01',
      },
      {
        socialInsuranceNumber: '0112345678',
        scheme: 'COMPULSORY',
        employerCode: '0100047516',
        fromMonth: '2015-04-01',
        toMonth: null,
      },
    ]);
    await dataSource.manager.insert(HealthInsuranceCard, [
      {
        ...card,
        cardCode: 'DN4010112345678',
        socialInsuranceNumber: '0112345678',
        personalId: WORKER,
        beneficiaryGroup: 'DN',
        benefitLevel: 4,
        validFrom: '2015-04-01',
        validTo: '2019-12-31',
      },
      {
        ...card,
        cardCode: 'DN4010112345678',
        socialInsuranceNumber: '0112345678',
        personalId: WORKER,
        beneficiaryGroup: 'DN',
        benefitLevel: 4,
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
      },
      {
        ...card,
        cardCode: 'TE1010187654321',
        socialInsuranceNumber: '0187654321',
        personalId: CHILD,
        beneficiaryGroup: 'TE',
        benefitLevel: 1,
        validFrom: '2024-03-02',
        validTo: '2030-02-11',
        status: 'REVOKED',
      },
    ]);
    sut = new InsuranceByPersonHandler(new InsuranceRepository(new TransactionRunner(dataSource)));
    ctx = {
      messageId: '9a3e5f10-2b7c-4e61-8d2a-5c4b3a291003',
      correlationId: '9a3e5f10-2b7c-4e61-8d2a-5c4b3a291003',
      consumer: { member: 'CIV', subsystem: 'registry' },
      purpose: { procedure: '1.011537', legalBasis: 'Nghị định 63/2024/NĐ-CP', caseId: 'HS-4' },
      manager: dataSource.manager,
    };
  });

  afterAll(async () => {
    await dropSchema(dataSource, testSchema.schema);
    await dataSource.destroy();
  });

  it('answers FOUND with the participation history by month and the card in force', async () => {
    await expect(sut.handle(ctx, { personalId: WORKER })).resolves.toEqual({
      status: 'FOUND',
      record: {
        personalId: WORKER,
        socialInsuranceNumber: '0112345678',
        participating: true,
        participation: [
          { scheme: 'VOLUNTARY', employerCode: null, fromMonth: '2012-10', toMonth: '2015-03' },
          { scheme: 'COMPULSORY', employerCode: '0100047516', fromMonth: '2015-04', toMonth: null },
        ],
        healthInsuranceCard: {
          cardCode: 'DN4010112345678',
          beneficiaryGroup: 'DN',
          benefitLevel: 4,
          validFrom: '2020-01-01',
          validTo: '2099-12-31',
          registeredClinic: '01012',
          status: 'ACTIVE',
        },
      },
    });
  });

  it('answers a person without participation with a schema-valid record', async () => {
    const outcome = await sut.handle(ctx, { personalId: CHILD });

    expect(outcome).toMatchObject({
      status: 'FOUND',
      record: {
        participating: false,
        participation: [],
        healthInsuranceCard: { cardCode: 'TE1010187654321', status: 'REVOKED' },
      },
    });
    const record = outcome.status === 'FOUND' ? outcome.record : undefined;
    new SchemaRegistry().validate('urn:lienthong:insurance:insurance-by-person-response:1', {
      status: 'FOUND',
      record,
      policy: { service: sut.service, purpose: '1.011537', fields: Object.keys(record ?? {}) },
    });
  });

  it('answers NOT_FOUND for a person unknown to social insurance', async () => {
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
