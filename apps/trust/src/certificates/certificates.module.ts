import {
  Module,
  type DynamicModule,
  type ModuleMetadata,
  type Provider,
  type Type,
} from '@nestjs/common';
import { CertificateRepository } from './certificate.repository';
import {
  CERTIFICATE_ISSUER,
  MEMBER_DIRECTORY,
  type MemberDirectory,
} from './certificates.constants';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

/** Member certificates; the app binds the MemberDirectory and CertificateIssuer ports. */
@Module({})
export class CertificatesModule {
  /** Registers the area with the modules and providers that implement its ports. */
  static register(options: {
    readonly imports: NonNullable<ModuleMetadata['imports']>;
    readonly memberDirectory: Type<MemberDirectory>;
    /** A factory provider (without `provide`) yielding the CertificateIssuer. */
    readonly issuer: Omit<Extract<Provider, { useFactory: unknown }>, 'provide'>;
  }): DynamicModule {
    return {
      module: CertificatesModule,
      imports: options.imports,
      controllers: [CertificatesController],
      providers: [
        CertificateRepository,
        CertificatesService,
        { provide: MEMBER_DIRECTORY, useExisting: options.memberDirectory },
        { ...options.issuer, provide: CERTIFICATE_ISSUER },
      ],
      exports: [CertificateRepository],
    };
  }
}
