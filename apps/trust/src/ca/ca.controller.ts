import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CA_KEYSTORE } from './ca.constants';
import { type CaKeystore } from './ca-keystore';

/** The bus CA certificates (public): what adapters pin as their configuration anchor. */
@ApiTags('ca')
@Controller('v1/ca')
export class CaController {
  constructor(@Inject(CA_KEYSTORE) private readonly keystore: CaKeystore) {}

  /** Root and issuing CA certificates, PEM. */
  @Get()
  certificates(): { root: string; issuing: string } {
    return {
      root: this.keystore.root.certificate.pem,
      issuing: this.keystore.issuing.certificate.pem,
    };
  }
}
