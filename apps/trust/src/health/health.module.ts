import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { HEALTH_PROBES } from './health.constants';
import { TrustHealthController } from './trust-health.controller';

/** Health and metrics endpoints; the app binds the HealthProbes port. */
@Module({})
export class HealthModule {
  /** Registers the area with a factory for its probes. */
  static register(options: {
    readonly imports: NonNullable<ModuleMetadata['imports']>;
    readonly probes: Omit<Extract<Provider, { useFactory: unknown }>, 'provide'>;
  }): DynamicModule {
    return {
      module: HealthModule,
      imports: options.imports,
      controllers: [TrustHealthController],
      providers: [{ ...options.probes, provide: HEALTH_PROBES }],
    };
  }
}
