import { Module } from '@nestjs/common';
import { EventRightRepository } from './event-right.repository';
import { EventRightsController } from './event-rights.controller';

/** Event subscription rights; exports the repository the configuration reads. */
@Module({
  controllers: [EventRightsController],
  providers: [EventRightRepository],
  exports: [EventRightRepository],
})
export class EventRightsModule {}
