import { Module } from '@nestjs/common';
import { ServiceRepository } from './service.repository';
import { ServicesController } from './services.controller';

/** The service catalog; exports the repository other areas read through their ports. */
@Module({
  controllers: [ServicesController],
  providers: [ServiceRepository],
  exports: [ServiceRepository],
})
export class ServicesModule {}
