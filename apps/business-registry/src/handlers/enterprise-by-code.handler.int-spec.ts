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
import {
  BUSINESS_REGISTRY_ENTITIES,
  BUSINESS_REGISTRY_MIGRATIONS,
} from '../registry/enterprise-registry';
import { BusinessRegistryRepository } from '../registry/business-registry.repository';
import { Enterprise } from '../registry/enterprise.entity';
import { LegalRepresentative } from '../registry/legal-representative.entity';
import { RegistrationEvent } from '../registry/registration-event.entity';
import { EnterpriseByCodeHandler } from './enterprise-by-code.handler';

// Real: PostgreSQL (own schema, the app's migrations). Mocked: nothing.
const PARENT = '0100047516';
const BRANCH = '0100047516-001';

const parent: Enterprise = {
  enterpriseCode: PARENT,
  parentCode: null,
  name: 'Công ty TNHH Thương mại Phát Đạt',
  shortName: null,
  legalForm: 'LLC_MULTI_MEMBER',
  status: 'ACTIVE',
  foundingDate: '2012-09-03',
  communeCode: '01004',
  address: 'Số 12, đường Lê Lợi',
  // Above 2^31: the bigint column must come back as a number, not a string.
  charterCapital: 5_000_000_000,
};

describe('EnterpriseByCodeHandler', () => {
  let testSchema: TestSchema;
  let dataSource: DataSource;
  let ctx: LookupContext;
  let sut: EnterpriseByCodeHandler;

  beforeAll(async () => {
    testSchema = await createTestSchema(testDatabaseUrl());
    dataSource = await createDataSource({
      url: testDatabaseUrl(),
      schema: testSchema.schema,
      entities: BUSINESS_REGISTRY_ENTITIES,
      migrations: BUSINESS_REGISTRY_MIGRATIONS,
      applicationName: 'business-registry-int-spec',
    });
    await runMigrations(dataSource);
    await dataSource.manager.insert(Enterprise, [
      parent,
      {
        ...parent,
        enterpriseCode: BRANCH,
        parentCode: PARENT,
        name: 'Chi nhánh Công ty TNHH Thương mại Phát Đạt',
        legalForm: 'BRANCH',
        foundingDate: '2020-01-15',
        charterCapital: null,
      },
    ]);
    await dataSource.manager.insert(LegalRepresentative, [
      {
        enterpriseCode: PARENT,
        personalId: '001187054321',
        fullName: 'Lê Thị Cúc',
        position: 'Chủ tịch Hội đồng thành viên',
        since: '2019-02-11',
      },
      {
        enterpriseCode: PARENT,
        personalId: '001085012345',
        fullName: 'Nguyễn Văn An',
        position: 'Giám đốc',
        since: '2012-09-03',
      },
    ]);
    // Inserted out of order: the answer lists the history by sequence number.
    await dataSource.manager.insert(RegistrationEvent, [
      {
        enterpriseCode: PARENT,
        seq: 2,
        kind: 'AMENDED',
        registeredOn: '2019-02-11',
        description: 'Thay đổi người đại diện',
      },
      {
        enterpriseCode: PARENT,
        seq: 1,
        kind: 'FOUNDED',
        registeredOn: '2012-09-03',
        description: null,
      },
    ]);
    sut = new EnterpriseByCodeHandler(
      new BusinessRegistryRepository(new TransactionRunner(dataSource)),
    );
    ctx = {
      messageId: '6d1f0a52-8f7c-4d7e-9d3b-2a51f5c0b001',
      correlationId: '6d1f0a52-8f7c-4d7e-9d3b-2a51f5c0b001',
      consumer: { member: 'INS', subsystem: 'registry' },
      purpose: { procedure: 'BHXH-DON-VI', legalBasis: 'Luật BHXH 2024', caseId: 'HS-2' },
      manager: dataSource.manager,
    };
  });

  afterAll(async () => {
    await dropSchema(dataSource, testSchema.schema);
    await dataSource.destroy();
  });

  it('answers FOUND with representatives by appointment date and history by sequence', async () => {
    await expect(sut.handle(ctx, { enterpriseCode: PARENT })).resolves.toEqual({
      status: 'FOUND',
      record: {
        enterpriseCode: PARENT,
        parentCode: null,
        name: 'Công ty TNHH Thương mại Phát Đạt',
        shortName: null,
        legalForm: 'LLC_MULTI_MEMBER',
        status: 'ACTIVE',
        foundingDate: '2012-09-03',
        registeredAddress: { communeCode: '01004', address: 'Số 12, đường Lê Lợi' },
        charterCapital: 5_000_000_000,
        legalRepresentatives: [
          {
            personalId: '001085012345',
            fullName: 'Nguyễn Văn An',
            position: 'Giám đốc',
            since: '2012-09-03',
          },
          {
            personalId: '001187054321',
            fullName: 'Lê Thị Cúc',
            position: 'Chủ tịch Hội đồng thành viên',
            since: '2019-02-11',
          },
        ],
        registrationHistory: [
          { seq: 1, kind: 'FOUNDED', registeredOn: '2012-09-03', description: null },
          {
            seq: 2,
            kind: 'AMENDED',
            registeredOn: '2019-02-11',
            description: 'Thay đổi người đại diện',
          },
        ],
      },
    });
  });

  it('answers a branch by its branch code with a schema-valid record', async () => {
    const outcome = await sut.handle(ctx, { enterpriseCode: BRANCH });

    expect(outcome).toMatchObject({
      status: 'FOUND',
      record: {
        enterpriseCode: BRANCH,
        parentCode: PARENT,
        charterCapital: null,
        legalRepresentatives: [],
      },
    });
    const record = outcome.status === 'FOUND' ? outcome.record : undefined;
    new SchemaRegistry().validate('urn:lienthong:business-registry:enterprise-by-code-response:1', {
      status: 'FOUND',
      record,
      policy: { service: sut.service, purpose: 'BHXH-DON-VI', fields: Object.keys(record ?? {}) },
    });
  });

  it('answers NOT_FOUND for a code the registry does not hold', async () => {
    await expect(sut.handle(ctx, { enterpriseCode: '0301234562' })).resolves.toEqual({
      status: 'NOT_FOUND',
    });
  });

  it('takes a request schema that names the data subject (enterpriseCode) for the audit trail', () => {
    expect(new SchemaRegistry().subjectField(sut.requestType)).toEqual({
      field: 'enterpriseCode',
      scheme: 'enterprise-code',
    });
  });
});
