import { EVENT_ENTITIES, type AgencyDefinition } from '@lienthong/adapter-kit';
import { TransactionRunner } from '@lienthong/persistence';
import { BirthRegisteredHandler } from './events/birth-registered.handler';
import { DeathRegisteredHandler } from './events/death-registered.handler';
import { CitizenByIdHandler } from './handlers/citizen-by-id.handler';
import { CreatePopulationEvents1795500000002 } from './migrations/1795500000002-create-population-events';
import {
  POPULATION_ENTITIES,
  POPULATION_MIGRATIONS,
  POPULATION_SCHEMA,
} from './registry/population-registry';
import { PopulationRegistryRepository } from './registry/population-registry.repository';
import { CreatePopulationDocuments1795600000002 } from './migrations/1795600000002-create-population-documents';
import { CreatePopulationDocumentDeliveries1795900000002 } from './migrations/1795900000002-create-population-document-deliveries';
import { CreatePopulationDocumentStatusSignatures1796000000002 } from './migrations/1796000000002-create-population-document-status-signatures';
import { CreatePopulationWitness1795800000002 } from './migrations/1795800000002-create-population-witness';
import { CreatePopulationWebhooks1797100000002 } from './migrations/1797100000002-create-population-webhooks';

/** The population registry (member POP) on the bus: its registry and the look-ups it serves. */
export const POPULATION_AGENCY: AgencyDefinition = {
  member: 'POP',
  subsystem: 'registry',
  title: 'Population registry (Cơ sở dữ liệu quốc gia về dân cư)',
  schema: POPULATION_SCHEMA,
  entities: [...POPULATION_ENTITIES, ...EVENT_ENTITIES],
  migrations: [...POPULATION_MIGRATIONS, CreatePopulationEvents1795500000002],
  lookupHandlers: [CitizenByIdHandler],
  providers: [
    {
      provide: PopulationRegistryRepository,
      useFactory: (runner: TransactionRunner) => new PopulationRegistryRepository(runner),
      inject: [TransactionRunner],
    },
  ],
  publishesEvents: true,
  eventHandlers: [BirthRegisteredHandler, DeathRegisteredHandler],
  documents: {
    migrations: [
      CreatePopulationDocuments1795600000002,
      CreatePopulationDocumentDeliveries1795900000002,
      CreatePopulationDocumentStatusSignatures1796000000002,
    ],
  },
  witness: { migrations: [CreatePopulationWitness1795800000002] },
  webhooks: { migrations: [CreatePopulationWebhooks1797100000002] },
};
