import { Module, type DynamicModule } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@lienthong/persistence';
import { CA_KEYSTORE } from './ca.constants';
import { CaController } from './ca.controller';
import { openCaKeystore } from './ca-keystore';

/**
 * Loads (or on first boot creates, once across replicas) the CA and central signing key and
 * serves the CA certs.
 */
@Module({})
export class CaModule {
  /** `dataDir` holds the 0600 key files; `instance` names the CAs on creation. */
  static register(options: { readonly dataDir: string; readonly instance: string }): DynamicModule {
    return {
      module: CaModule,
      controllers: [CaController],
      providers: [
        {
          provide: CA_KEYSTORE,
          // after the migrations (DATA_SOURCE runs them), under the schema's CA lock
          useFactory: (dataSource: DataSource) =>
            openCaKeystore(dataSource, options.dataDir, options.instance),
          inject: [DATA_SOURCE],
        },
      ],
      exports: [CA_KEYSTORE],
    };
  }
}
