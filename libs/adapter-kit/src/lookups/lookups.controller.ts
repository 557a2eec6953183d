import { Body, Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Purpose } from '@lienthong/envelope';
import { isAppError } from '@lienthong/errors';
import {
  openApiRef,
  type LookupRequestV1,
  type PurposeV1,
  type SchemaRegistry,
} from '@lienthong/schema';
import { AdapterError } from '../core/adapter.errors';
import { BusRuntime } from '../core/bus-runtime';
import { validateRequestBody } from '../core/request-body';
import { LookupClient, ProviderRefusal, type LookupEvidence } from './lookup-client';
import type { LookupAnswer } from './lookup-server';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '../core/officer-auth.guard';

const SERVICE = /^[a-z][a-z0-9-]{1,63}$/;
/** Schema of the purpose of an officer's request (`schemas/lookups/purpose/v1`). */
export const PURPOSE_SCHEMA = 'urn:lienthong:lookups:purpose:1';
/** Schema of the body of `POST /v1/lookups/{service}` (`schemas/lookups/lookup-request/v1`). */
export const LOOKUP_REQUEST_SCHEMA = 'urn:lienthong:lookups:lookup-request:1';

/** Reads and checks the purpose of an officer's request (ACCESS_PURPOSE_MISSING otherwise). */
export function parsePurpose(schemas: SchemaRegistry, value: unknown): Purpose {
  const purpose = validateRequestBody<PurposeV1>(
    schemas,
    PURPOSE_SCHEMA,
    value,
    (errors, cause) =>
      new AdapterError(
        'ACCESS_PURPOSE_MISSING',
        'purpose.procedure, purpose.legalBasis and purpose.caseId are required',
        { cause, details: { errors } },
      ),
  );
  return {
    procedure: purpose.procedure,
    legalBasis: purpose.legalBasis,
    caseId: purpose.caseId,
  };
}

/** Maps a request-schema failure to the caller's mistake: a malformed identifier or a bad query. */
function queryError(error: unknown): unknown {
  // Only our own validation of the query is the caller's mistake; a provider's refusal stays as it is.
  if (
    !isAppError(error) ||
    error.code !== 'PAYLOAD_SCHEMA_INVALID' ||
    error instanceof ProviderRefusal
  ) {
    return error;
  }
  const violations = (error.details?.['errors'] ?? []) as {
    keyword?: string;
    instancePath?: string;
  }[];
  const badId = violations.find((v) => v.keyword === 'format' || v.keyword === 'pattern');
  return badId
    ? new AdapterError(
        'LOOKUP_SUBJECT_ID_INVALID',
        `malformed identifier at ${badId.instancePath ?? 'query'}`,
        {
          cause: error,
          details: { errors: violations },
        },
      )
    : new AdapterError('LOOKUP_REQUEST_INVALID', error.message, {
        cause: error,
        details: { errors: violations },
      });
}

/**
 * The consumer API of an adapter: an officer asks another agency for a verified record, for a
 * named procedure and case. Nothing is sent on the bus unless the request is complete and valid.
 */
@ApiTags('look-ups')
@ApiBearerAuth()
@Controller('v1/lookups')
@UseGuards(OfficerAuthGuard)
export class LookupsController {
  constructor(
    private readonly client: LookupClient,
    private readonly runtime: BusRuntime,
  ) {}

  @Post(':service')
  @HttpCode(200)
  @Roles('officer')
  @ApiOperation({ summary: 'Purpose-bound look-up of a verified record held by another agency' })
  @ApiBody({ schema: openApiRef(LOOKUP_REQUEST_SCHEMA) })
  async lookup(
    @Param('service') service: string,
    @Body() body: unknown,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<LookupAnswer & { evidence: LookupEvidence }> {
    if (!SERVICE.test(service)) {
      throw new AdapterError('LOOKUP_SERVICE_UNKNOWN', `no service ${service}`);
    }
    this.client.service(service);
    const purpose = parsePurpose(
      this.runtime.schemas,
      (body as { purpose?: unknown } | null | undefined)?.purpose,
    );
    const input = validateRequestBody<LookupRequestV1>(
      this.runtime.schemas,
      LOOKUP_REQUEST_SCHEMA,
      body,
      (errors, cause) =>
        new AdapterError('LOOKUP_REQUEST_INVALID', 'query must be an object', {
          cause,
          details: { errors },
        }),
    );
    const query = input.query as Record<string, unknown>;
    const { principal } = request;
    try {
      const { answer, evidence } = await this.client.lookup({
        service,
        query,
        purpose,
        officer: {
          id: principal.id,
          role: principal.role,
          ...(principal.unit ? { unit: principal.unit } : {}),
        },
        ...(typeof input.correlationId === 'string' ? { correlationId: input.correlationId } : {}),
      });
      return { ...answer, evidence };
    } catch (error) {
      throw queryError(error);
    }
  }
}
