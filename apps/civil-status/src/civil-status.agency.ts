import { EVENT_ENTITIES, WebhookOutbox, type AgencyDefinition } from '@lienthong/adapter-kit';
import { DATA_SOURCE, TransactionRunner } from '@lienthong/persistence';
import type { DataSource } from 'typeorm';
import { CalendarDayRow } from './calendar/calendar-day.entity';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarRepository } from './calendar/calendar.repository';
import { CalendarService } from './calendar/calendar.service';
import { WorkingCalendarSource } from './calendar/working-calendar.source';
import { BirthRegistrationService } from './events/birth-registration.service';
import { BirthsController } from './events/births.controller';
import { DeathRegistrationService } from './events/death-registration.service';
import { DeathBookRepository } from './events/death-book.repository';
import { DeathsController } from './events/deaths.controller';
import { DossiersController } from './events/dossiers.controller';
import { Dossier, DossierStep } from './events/dossier.entity';
import { CIVIL_STATUS_EVENT_HANDLERS } from './events/dossier-progress.handlers';
import { DossierRepository } from './events/dossier.repository';
import { DossierFiguresCompactor } from './figures/dossier-figures.compactor';
import { DossierFiguresQuery } from './figures/dossier-figures.query';
import { StatisticsController } from './figures/statistics.controller';
import { CivilEventsByPersonHandler } from './handlers/civil-events-by-person.handler';
import { CreateCivilStatusEvents1795500000004 } from './migrations/1795500000004-create-civil-status-events';
import { CreateCivilStatusCalendarAndFigures1796200000004 } from './migrations/1796200000004-create-civil-status-calendar-and-figures';
import { CreateCivilStatusFigureDeltas1796300000004 } from './migrations/1796300000004-create-civil-status-figure-deltas';
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
  entities: [...CIVIL_STATUS_ENTITIES, ...EVENT_ENTITIES, Dossier, DossierStep, CalendarDayRow],
  migrations: [
    ...CIVIL_STATUS_MIGRATIONS,
    CreateCivilStatusEvents1795500000004,
    CreateCivilStatusCalendarAndFigures1796200000004,
    CreateCivilStatusFigureDeltas1796300000004,
  ],
  lookupHandlers: [CivilEventsByPersonHandler],
  providers: [
    {
      provide: CivilStatusRepository,
      useFactory: (runner: TransactionRunner) => new CivilStatusRepository(runner),
      inject: [TransactionRunner],
    },
    {
      provide: CalendarRepository,
      useFactory: (runner: TransactionRunner) => new CalendarRepository(runner),
      inject: [TransactionRunner],
    },
    {
      provide: WorkingCalendarSource,
      useFactory: (days: CalendarRepository) => new WorkingCalendarSource(days),
      inject: [CalendarRepository],
    },
    {
      provide: DossierRepository,
      useFactory: (
        runner: TransactionRunner,
        calendar: WorkingCalendarSource,
        webhooks: WebhookOutbox | undefined,
      ) => new DossierRepository(runner, calendar, webhooks),
      // absent where the registry runs without the bus (tests of its repositories)
      inject: [TransactionRunner, WorkingCalendarSource, { token: WebhookOutbox, optional: true }],
    },
    {
      provide: CalendarService,
      useFactory: (
        runner: TransactionRunner,
        days: CalendarRepository,
        dossiers: DossierRepository,
        source: WorkingCalendarSource,
      ) => new CalendarService(runner, days, dossiers, source),
      inject: [TransactionRunner, CalendarRepository, DossierRepository, WorkingCalendarSource],
    },
    {
      provide: DossierFiguresCompactor,
      useFactory: (dataSource: DataSource) => new DossierFiguresCompactor(dataSource),
      inject: [DATA_SOURCE],
    },
    {
      provide: DossierFiguresQuery,
      useFactory: (dataSource: DataSource) => new DossierFiguresQuery(dataSource),
      inject: [DATA_SOURCE],
    },
    {
      provide: DeathBookRepository,
      useFactory: (runner: TransactionRunner) => new DeathBookRepository(runner),
      inject: [TransactionRunner],
    },
  ],
  controllers: [
    BirthsController,
    DeathsController,
    DossiersController,
    CalendarController,
    StatisticsController,
  ],
  controllerProviders: [BirthRegistrationService, DeathRegistrationService],
  publishesEvents: true,
  eventHandlers: [...CIVIL_STATUS_EVENT_HANDLERS],
  documents: {},
  witness: true,
  webhooks: {},
};
