import { Module, type DynamicModule } from '@nestjs/common';
import { CA_KEYSTORE } from './ca.constants';
import { CaController } from './ca.controller';
import { openCaKeystore } from './ca-keystore';

/** Loads (or on first boot creates) the CA and central signing key and serves the CA certs. */
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
          useFactory: () => openCaKeystore(options.dataDir, options.instance),
        },
      ],
      exports: [CA_KEYSTORE],
    };
  }
}
