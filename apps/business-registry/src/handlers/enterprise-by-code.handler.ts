import { Injectable } from '@nestjs/common';
import type { LookupContext, LookupHandler, LookupOutcome } from '@lienthong/adapter-kit';
import type { EnterpriseByCodeRequestV1 } from '@lienthong/schema';
import { toEnterpriseRecord, type EnterpriseRecord } from '../mapping/enterprise-by-code.mapper';
import { BusinessRegistryRepository } from '../registry/business-registry.repository';

/** Serves `enterprise-by-code`: an enterprise or branch by enterprise code (= tax code). */
@Injectable()
export class EnterpriseByCodeHandler implements LookupHandler<
  EnterpriseByCodeRequestV1,
  EnterpriseRecord
> {
  readonly service = 'enterprise-by-code';
  readonly requestType = 'urn:lienthong:business-registry:enterprise-by-code-request:1';
  readonly identifierField = 'enterpriseCode';

  constructor(private readonly registry: BusinessRegistryRepository) {}

  async handle(
    ctx: LookupContext,
    query: EnterpriseByCodeRequestV1,
  ): Promise<LookupOutcome<EnterpriseRecord>> {
    const view = await this.registry.findEnterprise(
      { entityManager: ctx.manager },
      query.enterpriseCode,
    );
    return view ? { status: 'FOUND', record: toEnterpriseRecord(view) } : { status: 'NOT_FOUND' };
  }
}
