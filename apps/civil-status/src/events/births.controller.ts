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
import {
  BirthRegistrationService,
  type BirthReceipt,
  type BirthRequest,
} from './birth-registration.service';
import { CivilStatusEventError } from './civil-status-events.errors';

/** Schema of the body of `POST /v1/births`. */
export const BIRTH_REQUEST_SCHEMA = 'urn:lienthong:civil-status:birth-request:1';

/** Checks a birth request against its schema; identifiers are checked again by look-up. */
export function parseBirthRequest(schemas: SchemaRegistry, body: unknown): BirthRequest {
  const b = validateRequestBody<BirthRequest>(
    schemas,
    BIRTH_REQUEST_SCHEMA,
    body,
    (errors, cause) =>
      new CivilStatusEventError(
        'BIRTH_REQUEST_INVALID',
        'communeCode (5 digits), child {fullName, sex, birthDate, placeOfBirth} and parents by 12-digit personal id are required',
        { cause, details: { errors } },
      ),
  );
  const { fullName, sex, birthDate, placeOfBirth } = b.child;
  return {
    communeCode: b.communeCode,
    child: { fullName, sex, birthDate, placeOfBirth },
    ...(b.fatherPersonalId !== undefined ? { fatherPersonalId: b.fatherPersonalId } : {}),
    ...(b.motherPersonalId !== undefined ? { motherPersonalId: b.motherPersonalId } : {}),
    ...(b.residenceParentPersonalId !== undefined
      ? { residenceParentPersonalId: b.residenceParentPersonalId }
      : {}),
  };
}

/**
 * The commune officer's API of group 1 of the interconnected procedures: register a birth, then
 * follow its dossier on `GET /v1/dossiers/{id}` (DossiersController).
 */
@ApiTags('procedures')
@ApiBearerAuth()
@UseGuards(OfficerAuthGuard)
@Controller('v1')
export class BirthsController {
  constructor(
    private readonly births: BirthRegistrationService,
    private readonly runtime: BusRuntime,
  ) {}

  @Post('births')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Register a birth and start the birth → residence → card procedure' })
  @ApiBody({ schema: openApiRef(BIRTH_REQUEST_SCHEMA) })
  register(
    @Body() body: unknown,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<BirthReceipt> {
    return this.births.register(parseBirthRequest(this.runtime.schemas, body), request.principal);
  }
}
