import { EVENT_ENTITIES, type AgencyDefinition } from '@lienthong/adapter-kit';
import { TransactionRunner } from '@lienthong/persistence';
import { BirthRegisteredHandler } from './events/birth-registered.handler';
import { DeathRegisteredHandler } from './events/death-registered.handler';
import { CitizenByIdHandler } from './handlers/citizen-by-id.handler';
import {
  POPULATION_ENTITIES,
  POPULATION_MIGRATIONS,
  POPULATION_SCHEMA,
} from './registry/population-registry';
import { PopulationRegistryRepository } from './registry/population-registry.repository';

/** The population registry (member POP) on the bus: its registry and the look-ups it serves. */
export const POPULATION_AGENCY: AgencyDefinition = {
  member: 'POP',
  subsystem: 'registry',
  title: 'Population registry (Cơ sở dữ liệu quốc gia về dân cư)',
  schema: POPULATION_SCHEMA,
  entities: [...POPULATION_ENTITIES, ...EVENT_ENTITIES],
  migrations: POPULATION_MIGRATIONS,
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
  documents: {},
  witness: true,
  webhooks: {},
};
