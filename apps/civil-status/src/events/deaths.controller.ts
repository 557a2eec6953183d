import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '@lienthong/adapter-kit';
import { CivilStatusEventError } from './civil-status-events.errors';
import {
  DeathRegistrationService,
  type DeathProcedure,
  type DeathReceipt,
  type DeathRequest,
} from './death-registration.service';

const COMMUNE = /^[0-9]{5}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERSONAL_ID = /^\d{12}$/;

/** Checks the shape of a death request; the procedure choice is checked by the service. */
export function parseDeathRequest(body: unknown): DeathRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  const procedures = b['procedures'];
  const declarant = b['declarantPersonalId'];
  const place = b['placeOfDeath'];
  const valid =
    typeof b['communeCode'] === 'string' &&
    COMMUNE.test(b['communeCode']) &&
    typeof b['deceasedPersonalId'] === 'string' &&
    PERSONAL_ID.test(b['deceasedPersonalId']) &&
    typeof b['dateOfDeath'] === 'string' &&
    DATE.test(b['dateOfDeath']) &&
    typeof place === 'string' &&
    place.trim().length > 0 &&
    place.length <= 300 &&
    Array.isArray(procedures) &&
    procedures.every((p) => typeof p === 'string') &&
    (declarant === undefined || (typeof declarant === 'string' && PERSONAL_ID.test(declarant)));
  if (!valid) {
    throw new CivilStatusEventError(
      'DEATH_REQUEST_INVALID',
      'communeCode (5 digits), deceasedPersonalId (12 digits), dateOfDeath, placeOfDeath and procedures[] are required',
    );
  }
  return {
    communeCode: b['communeCode'] as string,
    deceasedPersonalId: b['deceasedPersonalId'] as string,
    dateOfDeath: b['dateOfDeath'] as string,
    placeOfDeath: place,
    procedures: procedures as DeathProcedure[],
    ...(typeof declarant === 'string' ? { declarantPersonalId: declarant } : {}),
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
  constructor(private readonly deaths: DeathRegistrationService) {}

  @Post('deaths')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({
    summary:
      'Register a death and start the chosen procedures: residence removal, funeral allowance, survivor benefit',
  })
  register(
    @Body() body: unknown,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<DeathReceipt> {
    return this.deaths.register(parseDeathRequest(body), request.principal);
  }
}
