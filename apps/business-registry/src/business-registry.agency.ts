import { EVENT_ENTITIES, type AgencyDefinition } from '@lienthong/adapter-kit';
import { TransactionRunner } from '@lienthong/persistence';
import { CitizenDeceasedHandler } from './events/citizen-deceased.handler';
import { EnterpriseByCodeHandler } from './handlers/enterprise-by-code.handler';
import {
  BUSINESS_REGISTRY_ENTITIES,
  BUSINESS_REGISTRY_MIGRATIONS,
  BUSINESS_REGISTRY_SCHEMA,
} from './registry/enterprise-registry';
import { BusinessRegistryRepository } from './registry/business-registry.repository';
import { CreateBusinessRegistryEvents1795700000003 } from './migrations/1795700000003-create-business-registry-events';

/** The business registry (member BIZ) on the bus: its registry and the look-ups it serves. */
export const BUSINESS_REGISTRY_AGENCY: AgencyDefinition = {
  member: 'BIZ',
  subsystem: 'registry',
  title: 'Business registry (Hệ thống thông tin quốc gia về đăng ký doanh nghiệp)',
  schema: BUSINESS_REGISTRY_SCHEMA,
  entities: [...BUSINESS_REGISTRY_ENTITIES, ...EVENT_ENTITIES],
  migrations: [...BUSINESS_REGISTRY_MIGRATIONS, CreateBusinessRegistryEvents1795700000003],
  lookupHandlers: [EnterpriseByCodeHandler],
  providers: [
    {
      provide: BusinessRegistryRepository,
      useFactory: (runner: TransactionRunner) => new BusinessRegistryRepository(runner),
      inject: [TransactionRunner],
    },
  ],
  publishesEvents: true,
  eventHandlers: [CitizenDeceasedHandler],
  documents: {},
  witness: true,
  webhooks: {},
};
