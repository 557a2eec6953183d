import { Injectable } from '@nestjs/common';
import type { LookupContext, LookupHandler, LookupOutcome } from '@lienthong/adapter-kit';
import type { DataSubject } from '@lienthong/envelope';
import {
  toCivilEventsRecord,
  type CivilEventsRecord,
} from '../mapping/civil-events-by-person.mapper';
import { CivilStatusRepository } from '../registry/civil-status.repository';

/** The payload of `urn:lienthong:civil-status:events-by-person-request:1`. */
export interface CivilEventsByPersonQuery {
  readonly personalId: string;
}

/** Serves `civil-events-by-person`: a person's birth, death and marriage registrations. */
@Injectable()
export class CivilEventsByPersonHandler implements LookupHandler<
  CivilEventsByPersonQuery,
  CivilEventsRecord
> {
  readonly service = 'civil-events-by-person';
  readonly identifierField = 'personalId';

  constructor(private readonly registry: CivilStatusRepository) {}

  subjectOf(query: CivilEventsByPersonQuery): DataSubject {
    return { scheme: 'personal-id', id: query.personalId };
  }

  async handle(
    ctx: LookupContext,
    query: CivilEventsByPersonQuery,
  ): Promise<LookupOutcome<CivilEventsRecord>> {
    const events = await this.registry.findEvents({ entityManager: ctx.manager }, query.personalId);
    return events
      ? { status: 'FOUND', record: toCivilEventsRecord(query.personalId, events) }
      : { status: 'NOT_FOUND' };
  }
}
