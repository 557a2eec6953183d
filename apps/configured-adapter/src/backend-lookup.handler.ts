import { Inject, Injectable, type Type } from '@nestjs/common';
import {
  BusRuntime,
  type LookupContext,
  type LookupHandler,
  type LookupOutcome,
} from '@lienthong/adapter-kit';
import { isAppError } from '@lienthong/errors';
import type { SchemaRegistry } from '@lienthong/schema';
import type { ConfiguredService } from './agency-configuration';
import { ProviderError } from '@lienthong/adapter-kit';

/**
 * Checks a record mapped from the back end's answer against the service's response schema,
 * before minimisation: the whole record the back end gave must fit the contract, or nothing of it
 * is used (PROVIDER_ANSWER_INVALID, with the failing paths and keywords, never the values).
 */
export function checkRecord(
  schemas: SchemaRegistry,
  responseType: string,
  service: string,
  purpose: string,
  record: Record<string, unknown>,
): void {
  const answer = {
    status: 'FOUND',
    record,
    policy: { service, purpose, fields: Object.keys(record).sort() },
  };
  try {
    schemas.validate(responseType, answer);
  } catch (error) {
    if (isAppError(error) && error.code === 'PAYLOAD_SCHEMA_INVALID') {
      throw new ProviderError(
        'PROVIDER_ANSWER_INVALID',
        `the back end's answer for ${service} does not fit ${responseType}`,
        { cause: error, details: { violations: error.details?.['errors'] ?? [] } },
      );
    }
    throw error;
  }
}

/**
 * The look-up handler of one configured service, made as a class so that the kit wires it like any
 * agency's handler: the kit verifies, authorises and validates before `handle`, and minimises,
 * signs and audits after it.
 */
export function backendLookupHandler(service: ConfiguredService): Type<LookupHandler> {
  @Injectable()
  class BackendLookupHandler implements LookupHandler<Record<string, unknown>> {
    readonly service = service.code;
    readonly requestType = service.requestType;
    readonly identifierField = service.identifierField;

    constructor(@Inject(BusRuntime) private readonly runtime: BusRuntime) {}

    async handle(
      ctx: LookupContext,
      query: Record<string, unknown>,
    ): Promise<LookupOutcome<Record<string, unknown>>> {
      const outcome = await service.backend.answer(query);
      if (outcome.status === 'FOUND') {
        const entry = this.runtime.configuration.current().service(service.code);
        if (!entry) {
          throw new Error(`${service.code} left the catalog during the look-up`);
        }
        checkRecord(
          this.runtime.schemas,
          entry.responseType,
          service.code,
          ctx.purpose.procedure,
          outcome.record,
        );
        const asked = query[service.identifierField];
        const answered = outcome.record[service.identifierField];
        // a record of someone else than the one asked about is never passed on
        if (answered === undefined || (asked !== undefined && answered !== asked)) {
          throw new ProviderError(
            'PROVIDER_ANSWER_INVALID',
            `the record for ${service.code} is not about the ${service.identifierField} asked for`,
          );
        }
      }
      return outcome;
    }
  }
  Object.defineProperty(BackendLookupHandler, 'name', {
    value: `BackendLookupHandler(${service.code})`,
  });
  return BackendLookupHandler;
}
