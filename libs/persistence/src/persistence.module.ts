import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { createDataSource, runMigrations, type DataSourceConfig } from './data-source';
import { DATA_SOURCE, PERSISTENCE_OPTIONS } from './persistence.constants';
import { TransactionRunner } from './transaction-runner';

/** Options resolved by the app's factory. */
export interface PersistenceModuleOptions extends DataSourceConfig {
  /** Run pending migrations before the app starts serving; true unless stated otherwise. */
  readonly migrate?: boolean;
}

/** The nestjs/typeorm `forRootAsync` shape: a factory with injected dependencies. */
export interface PersistenceModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (
    ...args: never[]
  ) => PersistenceModuleOptions | Promise<PersistenceModuleOptions>;
}

/** Closes the pool when Nest shuts down, so `app.close()` leaves no sockets behind. */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}

async function openDataSource(options: PersistenceModuleOptions): Promise<DataSource> {
  const dataSource = await createDataSource(options);
  if (options.migrate !== false) {
    try {
      await runMigrations(dataSource);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  }
  return dataSource;
}

/**
 * Provides the app's DataSource under `DATA_SOURCE` and a `TransactionRunner`, globally, so
 * feature modules inject them without re-importing. Migrations run at boot unless disabled.
 */
@Module({})
export class PersistenceModule {
  /** Registers the DataSource from options computed by a factory (usually from the app config). */
  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: PERSISTENCE_OPTIONS,
          useFactory: options.useFactory as (
            ...args: unknown[]
          ) => PersistenceModuleOptions | Promise<PersistenceModuleOptions>,
          inject: options.inject ?? [],
        },
        {
          provide: DATA_SOURCE,
          useFactory: openDataSource,
          inject: [PERSISTENCE_OPTIONS],
        },
        {
          provide: TransactionRunner,
          useFactory: (dataSource: DataSource) => new TransactionRunner(dataSource),
          inject: [DATA_SOURCE],
        },
        DataSourceCloser,
      ],
      exports: [DATA_SOURCE, TransactionRunner],
    };
  }
}
