import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { AccessRightRepository } from './access-right.repository';
import { SERVICE_CATALOG, type ServiceCatalog } from './access-rights.constants';
import { AccessRightsController } from './access-rights.controller';
import { AccessRightsService } from './access-rights.service';

/** Access rights; the app binds the ServiceCatalog port to the service area. */
@Module({})
export class AccessRightsModule {
  /** Registers the area with the module and provider class that implement its port. */
  static register(options: {
    readonly imports: NonNullable<ModuleMetadata['imports']>;
    readonly serviceCatalog: Type<ServiceCatalog>;
  }): DynamicModule {
    return {
      module: AccessRightsModule,
      imports: options.imports,
      controllers: [AccessRightsController],
      providers: [
        AccessRightRepository,
        AccessRightsService,
        { provide: SERVICE_CATALOG, useExisting: options.serviceCatalog },
      ],
      exports: [AccessRightRepository, AccessRightsService],
    };
  }
}
