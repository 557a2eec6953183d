import { Injectable } from '@nestjs/common';
import type { LookupContext, LookupHandler, LookupOutcome } from '@lienthong/adapter-kit';
import type { EventsByPersonRequestV1 } from '@lienthong/schema';
import {
  toCivilEventsRecord,
  type CivilEventsRecord,
} from '../mapping/civil-events-by-person.mapper';
import { CivilStatusRepository } from '../registry/civil-status.repository';

/** Serves `civil-events-by-person`: a person's birth, death and marriage registrations. */
@Injectable()
export class CivilEventsByPersonHandler implements LookupHandler<
  EventsByPersonRequestV1,
  CivilEventsRecord
> {
  readonly service = 'civil-events-by-person';
  readonly requestType = 'urn:lienthong:civil-status:events-by-person-request:1';
  readonly identifierField = 'personalId';

  constructor(private readonly registry: CivilStatusRepository) {}

  async handle(
    ctx: LookupContext,
    query: EventsByPersonRequestV1,
  ): Promise<LookupOutcome<CivilEventsRecord>> {
    const events = await this.registry.findEvents({ entityManager: ctx.manager }, query.personalId);
    return events
      ? { status: 'FOUND', record: toCivilEventsRecord(query.personalId, events) }
      : { status: 'NOT_FOUND' };
  }
}
