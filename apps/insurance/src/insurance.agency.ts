import { EVENT_ENTITIES, type AgencyDefinition } from '@lienthong/adapter-kit';
import { TransactionRunner } from '@lienthong/persistence';
import { CitizenCreatedHandler } from './events/citizen-created.handler';
import { DeathBenefitsHandler } from './events/death-benefits.handler';
import { InsuranceByPersonHandler } from './handlers/insurance-by-person.handler';
import { CreateInsuranceEvents1795500000005 } from './migrations/1795500000005-create-insurance-events';
import { CreateInsuranceBenefits1795700000005 } from './migrations/1795700000005-create-insurance-benefits';
import {
  INSURANCE_ENTITIES,
  INSURANCE_MIGRATIONS,
  INSURANCE_SCHEMA,
} from './registry/insurance-registry';
import { InsuranceRepository } from './registry/insurance.repository';
import { CreateInsuranceDocuments1795600000005 } from './migrations/1795600000005-create-insurance-documents';
import { CreateInsuranceDocumentDeliveries1795900000005 } from './migrations/1795900000005-create-insurance-document-deliveries';
import { CreateInsuranceDocumentStatusSignatures1796000000005 } from './migrations/1796000000005-create-insurance-document-status-signatures';
import { CreateInsuranceWitness1795800000005 } from './migrations/1795800000005-create-insurance-witness';
import { CreateInsuranceWebhooks1797100000005 } from './migrations/1797100000005-create-insurance-webhooks';

/** The social-insurance registry (member INS) on the bus: its registry and its look-ups. */
export const INSURANCE_AGENCY: AgencyDefinition = {
  member: 'INS',
  subsystem: 'registry',
  title: 'Social-insurance registry (Cơ sở dữ liệu quốc gia về bảo hiểm)',
  schema: INSURANCE_SCHEMA,
  entities: [...INSURANCE_ENTITIES, ...EVENT_ENTITIES],
  migrations: [
    ...INSURANCE_MIGRATIONS,
    CreateInsuranceEvents1795500000005,
    CreateInsuranceBenefits1795700000005,
  ],
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
  documents: {
    migrations: [
      CreateInsuranceDocuments1795600000005,
      CreateInsuranceDocumentDeliveries1795900000005,
      CreateInsuranceDocumentStatusSignatures1796000000005,
    ],
  },
  witness: { migrations: [CreateInsuranceWitness1795800000005] },
  webhooks: { migrations: [CreateInsuranceWebhooks1797100000005] },
};
