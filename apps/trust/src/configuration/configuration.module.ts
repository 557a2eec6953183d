import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { ConfigurationChangesController } from './configuration-changes.controller';
import { ConfigurationChanges } from './configuration-changes.service';
import { ConfigurationPublisher } from './configuration-publisher.service';
import { ConfigurationVersionRepository } from './configuration-version.repository';
import {
  CONFIGURATION_SETTINGS,
  CONFIGURATION_SIGNER,
  CONFIGURATION_STORE,
  REGISTRY_EDITOR,
  REGISTRY_SOURCE,
} from './configuration.constants';
import { ConfigurationController } from './configuration.controller';

/** A factory provider without its token; the module assigns the token of the port it fills. */
type PortFactory = Omit<Extract<Provider, { useFactory: unknown }>, 'provide'>;

/** The global configuration publisher; the app binds its ports. */
@Module({})
export class ConfigurationModule {
  /**
   * Registers the area with factories for the registry source and editor, store, signer and
   * settings.
   */
  static register(options: {
    readonly imports: NonNullable<ModuleMetadata['imports']>;
    readonly registry: PortFactory;
    readonly editor: PortFactory;
    readonly store: PortFactory;
    readonly signer: PortFactory;
    readonly settings: PortFactory;
  }): DynamicModule {
    return {
      module: ConfigurationModule,
      imports: options.imports,
      controllers: [ConfigurationController, ConfigurationChangesController],
      providers: [
        ConfigurationVersionRepository,
        ConfigurationPublisher,
        ConfigurationChanges,
        { ...options.editor, provide: REGISTRY_EDITOR },
        { ...options.registry, provide: REGISTRY_SOURCE },
        { ...options.store, provide: CONFIGURATION_STORE },
        { ...options.signer, provide: CONFIGURATION_SIGNER },
        { ...options.settings, provide: CONFIGURATION_SETTINGS },
      ],
      exports: [ConfigurationPublisher],
    };
  }
}
