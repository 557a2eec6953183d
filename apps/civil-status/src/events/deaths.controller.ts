import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  BusRuntime,
  OfficerAuthGuard,
  Roles,
  validateRequestBody,
  type OfficerPrincipal,
} from '@lienthong/adapter-kit';
import { openApiRef, type SchemaRegistry } from '@lienthong/schema';
import { CivilStatusEventError } from './civil-status-events.errors';
import {
  DeathRegistrationService,
  type DeathReceipt,
  type DeathRequest,
} from './death-registration.service';

/** Schema of the body of `POST /v1/deaths`. */
export const DEATH_REQUEST_SCHEMA = 'urn:lienthong:civil-status:death-request:1';

/** Checks a death request against its schema; the procedure choice is checked by the service. */
export function parseDeathRequest(schemas: SchemaRegistry, body: unknown): DeathRequest {
  const b = validateRequestBody<DeathRequest>(
    schemas,
    DEATH_REQUEST_SCHEMA,
    body,
    (errors, cause) =>
      new CivilStatusEventError(
        'DEATH_REQUEST_INVALID',
        'communeCode (5 digits), deceasedPersonalId (12 digits), dateOfDeath, placeOfDeath and procedures[] are required',
        { cause, details: { errors } },
      ),
  );
  return {
    communeCode: b.communeCode,
    deceasedPersonalId: b.deceasedPersonalId,
    dateOfDeath: b.dateOfDeath,
    placeOfDeath: b.placeOfDeath,
    procedures: b.procedures,
    ...(b.declarantPersonalId !== undefined ? { declarantPersonalId: b.declarantPersonalId } : {}),
  };
}

/**
 * Group 2 of the interconnected procedures: a commune officer registers a death with the
 * requester's choice of procedures and follows the dossier on `GET /v1/dossiers/{id}`.
 */
@ApiTags('procedures')
@ApiBearerAuth()
@UseGuards(OfficerAuthGuard)
@Controller('v1')
export class DeathsController {
  constructor(
    private readonly deaths: DeathRegistrationService,
    private readonly runtime: BusRuntime,
  ) {}

  @Post('deaths')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({
    summary:
      'Register a death and start the chosen procedures: residence removal, funeral allowance, survivor benefit',
  })
  @ApiBody({ schema: openApiRef(DEATH_REQUEST_SCHEMA) })
  register(
    @Body() body: unknown,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<DeathReceipt> {
    return this.deaths.register(parseDeathRequest(this.runtime.schemas, body), request.principal);
  }
}
