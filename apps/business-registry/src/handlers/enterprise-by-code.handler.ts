import { Injectable } from '@nestjs/common';
import type { LookupContext, LookupHandler, LookupOutcome } from '@lienthong/adapter-kit';
import type { DataSubject } from '@lienthong/envelope';
import { toEnterpriseRecord, type EnterpriseRecord } from '../mapping/enterprise-by-code.mapper';
import { BusinessRegistryRepository } from '../registry/business-registry.repository';

/** The payload of `urn:lienthong:business-registry:enterprise-by-code-request:1`. */
export interface EnterpriseByCodeQuery {
  readonly enterpriseCode: string;
}

/** Serves `enterprise-by-code`: an enterprise or branch by enterprise code (= tax code). */
@Injectable()
export class EnterpriseByCodeHandler implements LookupHandler<
  EnterpriseByCodeQuery,
  EnterpriseRecord
> {
  readonly service = 'enterprise-by-code';
  readonly identifierField = 'enterpriseCode';

  constructor(private readonly registry: BusinessRegistryRepository) {}

  subjectOf(query: EnterpriseByCodeQuery): DataSubject {
    return { scheme: 'enterprise-code', id: query.enterpriseCode };
  }

  async handle(
    ctx: LookupContext,
    query: EnterpriseByCodeQuery,
  ): Promise<LookupOutcome<EnterpriseRecord>> {
    const view = await this.registry.findEnterprise(
      { entityManager: ctx.manager },
      query.enterpriseCode,
    );
    return view ? { status: 'FOUND', record: toEnterpriseRecord(view) } : { status: 'NOT_FOUND' };
  }
}
