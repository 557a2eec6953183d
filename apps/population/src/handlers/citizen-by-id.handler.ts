import { Injectable } from '@nestjs/common';
import type { LookupContext, LookupHandler, LookupOutcome } from '@lienthong/adapter-kit';
import type { CitizenByIdRequestV1 } from '@lienthong/schema';
import { toCitizenRecord, type CitizenRecord } from '../mapping/citizen-by-id.mapper';
import { PopulationRegistryRepository } from '../registry/population-registry.repository';

/** Serves `citizen-by-id`: a citizen of the national population database by personal id. */
@Injectable()
export class CitizenByIdHandler implements LookupHandler<CitizenByIdRequestV1, CitizenRecord> {
  readonly service = 'citizen-by-id';
  readonly requestType = 'urn:lienthong:population:citizen-by-id-request:1';
  readonly identifierField = 'personalId';

  constructor(private readonly registry: PopulationRegistryRepository) {}

  async handle(
    ctx: LookupContext,
    query: CitizenByIdRequestV1,
  ): Promise<LookupOutcome<CitizenRecord>> {
    const view = await this.registry.findCitizen({ entityManager: ctx.manager }, query.personalId);
    return view ? { status: 'FOUND', record: toCitizenRecord(view) } : { status: 'NOT_FOUND' };
  }
}
