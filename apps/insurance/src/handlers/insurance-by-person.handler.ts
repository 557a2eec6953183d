import { Injectable } from '@nestjs/common';
import type { LookupContext, LookupHandler, LookupOutcome } from '@lienthong/adapter-kit';
import type { InsuranceByPersonRequestV1 } from '@lienthong/schema';
import {
  toInsuranceRecord,
  vietnamToday,
  type InsuranceRecord,
} from '../mapping/insurance-by-person.mapper';
import { InsuranceRepository } from '../registry/insurance.repository';

/** Serves `insurance-by-person`: social-insurance participation and the current BHYT card. */
@Injectable()
export class InsuranceByPersonHandler implements LookupHandler<
  InsuranceByPersonRequestV1,
  InsuranceRecord
> {
  readonly service = 'insurance-by-person';
  readonly requestType = 'urn:lienthong:insurance:insurance-by-person-request:1';
  readonly identifierField = 'personalId';

  constructor(private readonly registry: InsuranceRepository) {}

  async handle(
    ctx: LookupContext,
    query: InsuranceByPersonRequestV1,
  ): Promise<LookupOutcome<InsuranceRecord>> {
    const view = await this.registry.findByPersonalId(
      { entityManager: ctx.manager },
      query.personalId,
    );
    return view
      ? { status: 'FOUND', record: toInsuranceRecord(view, vietnamToday(new Date())) }
      : { status: 'NOT_FOUND' };
  }
}
