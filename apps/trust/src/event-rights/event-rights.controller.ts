import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TransactionRunner } from '@lienthong/persistence';
import { type EventRight } from './event-right.entity';
import { EventRightRepository } from './event-right.repository';
import {
  CreateEventRightBody,
  EVENT_RIGHT_VIEW_SCHEMA,
  type EventRightView,
} from './event-right.schemas';

function toView(right: EventRight): EventRightView {
  return {
    id: right.id,
    subscriber: { member: right.subscriberMember, subsystem: right.subscriberSubsystem },
    publisher: right.publisherMember,
    eventType: right.eventType,
  };
}

/** Operator API for event subscription rights. */
@ApiTags('event-rights')
@ApiBearerAuth()
@Controller('v1/event-rights')
export class EventRightsController {
  constructor(
    @Inject(TransactionRunner) private readonly runner: TransactionRunner,
    @Inject(EventRightRepository) private readonly rights: EventRightRepository,
  ) {}

  /** Grants an event subscription right. */
  @Post()
  @ApiBody({ schema: CreateEventRightBody.schema })
  async grant(@Body() body: CreateEventRightBody): Promise<EventRightView> {
    const right = await this.runner.run({}, (tx) =>
      this.rights.create(tx, {
        subscriberMember: body.subscriber.member,
        subscriberSubsystem: body.subscriber.subsystem,
        publisherMember: body.publisher,
        eventType: body.eventType,
      }),
    );
    return toView(right);
  }

  /** Lists event rights. */
  @Get()
  @ApiOkResponse({ schema: { type: 'array', items: EVENT_RIGHT_VIEW_SCHEMA } })
  async list(): Promise<EventRightView[]> {
    return (await this.rights.list({})).map(toView);
  }

  /** Withdraws an event right. */
  @Delete(':id')
  @HttpCode(204)
  async withdraw(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.runner.run({}, (tx) => this.rights.remove(tx, id));
  }
}
