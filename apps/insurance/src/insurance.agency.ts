import { EVENT_ENTITIES, type AgencyDefinition } from '@lienthong/adapter-kit';
import { TransactionRunner } from '@lienthong/persistence';
import { CitizenCreatedHandler } from './events/citizen-created.handler';
import { DeathBenefitsHandler } from './events/death-benefits.handler';
import { InsuranceByPersonHandler } from './handlers/insurance-by-person.handler';
import { CreateInsuranceBenefits1795700000005 } from './migrations/1795700000005-create-insurance-benefits';
import {
  INSURANCE_ENTITIES,
  INSURANCE_MIGRATIONS,
  INSURANCE_SCHEMA,
} from './registry/insurance-registry';
import { InsuranceRepository } from './registry/insurance.repository';

/** The social-insurance registry (member INS) on the bus: its registry and its look-ups. */
export const INSURANCE_AGENCY: AgencyDefinition = {
  member: 'INS',
  subsystem: 'registry',
  title: 'Social-insurance registry (Cơ sở dữ liệu quốc gia về bảo hiểm)',
  schema: INSURANCE_SCHEMA,
  entities: [...INSURANCE_ENTITIES, ...EVENT_ENTITIES],
  migrations: [...INSURANCE_MIGRATIONS, CreateInsuranceBenefits1795700000005],
  lookupHandlers: [InsuranceByPersonHandler],
  providers: [
    {
      provide: InsuranceRepository,
      useFactory: (runner: TransactionRunner) => new InsuranceRepository(runner),
      inject: [TransactionRunner],
    },
  ],
  publishesEvents: true,
  eventHandlers: [CitizenCreatedHandler, DeathBenefitsHandler],
  documents: {},
  witness: true,
  webhooks: {},
};
