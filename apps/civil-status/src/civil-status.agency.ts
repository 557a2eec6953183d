import type { AgencyDefinition } from '@lienthong/adapter-kit';
import { TransactionRunner } from '@lienthong/persistence';
import { CivilEventsByPersonHandler } from './handlers/civil-events-by-person.handler';
import {
  CIVIL_STATUS_ENTITIES,
  CIVIL_STATUS_MIGRATIONS,
  CIVIL_STATUS_SCHEMA,
} from './registry/civil-status-registry';
import { CivilStatusRepository } from './registry/civil-status.repository';

/** The civil-status registry (member CIV) on the bus: its registry and the look-ups it serves. */
export const CIVIL_STATUS_AGENCY: AgencyDefinition = {
  member: 'CIV',
  subsystem: 'registry',
  title: 'Civil-status registry (Cơ sở dữ liệu hộ tịch điện tử)',
  schema: CIVIL_STATUS_SCHEMA,
  entities: CIVIL_STATUS_ENTITIES,
  migrations: CIVIL_STATUS_MIGRATIONS,
  lookupHandlers: [CivilEventsByPersonHandler],
  providers: [
    {
      provide: CivilStatusRepository,
      useFactory: (runner: TransactionRunner) => new CivilStatusRepository(runner),
      inject: [TransactionRunner],
    },
  ],
};
