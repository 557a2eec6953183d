import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '@lienthong/adapter-kit';
import {
  BirthRegistrationService,
  type BirthReceipt,
  type BirthRequest,
} from './birth-registration.service';
import { CivilStatusEventError } from './civil-status-events.errors';
import { DossierRepository, type DossierView } from './dossier.repository';

const COMMUNE = /^[0-9]{5}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

function optionalId(value: unknown): value is string | undefined {
  return value === undefined || (typeof value === 'string' && /^\d{12}$/.test(value));
}

/** Checks the shape of a birth request; identifiers are checked again by look-up and schema. */
export function parseBirthRequest(body: unknown): BirthRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  const child = (b['child'] ?? {}) as Record<string, unknown>;
  const valid =
    typeof b['communeCode'] === 'string' &&
    COMMUNE.test(b['communeCode']) &&
    text(child['fullName'], 200) &&
    (child['sex'] === 'MALE' || child['sex'] === 'FEMALE') &&
    typeof child['birthDate'] === 'string' &&
    DATE.test(child['birthDate']) &&
    text(child['placeOfBirth'], 300) &&
    optionalId(b['fatherPersonalId']) &&
    optionalId(b['motherPersonalId']) &&
    optionalId(b['residenceParentPersonalId']);
  if (!valid) {
    throw new CivilStatusEventError(
      'BIRTH_REQUEST_INVALID',
      'communeCode (5 digits), child {fullName, sex, birthDate, placeOfBirth} and parents by 12-digit personal id are required',
    );
  }
  return {
    communeCode: b['communeCode'] as string,
    child: {
      fullName: child['fullName'] as string,
      sex: child['sex'] as 'MALE' | 'FEMALE',
      birthDate: child['birthDate'] as string,
      placeOfBirth: child['placeOfBirth'] as string,
    },
    ...pick(b, ['fatherPersonalId', 'motherPersonalId', 'residenceParentPersonalId']),
  };
}

function pick(b: Record<string, unknown>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    keys.filter((k) => typeof b[k] === 'string').map((k) => [k, b[k] as string]),
  );
}

/**
 * The commune officer's API of the interconnected procedures: register a birth (group 1) and
 * follow any dossier's progress, step by step, against its statutory deadlines.
 */
@ApiTags('procedures')
@ApiBearerAuth()
@UseGuards(OfficerAuthGuard)
@Controller('v1')
export class BirthsController {
  constructor(
    private readonly births: BirthRegistrationService,
    private readonly dossiers: DossierRepository,
  ) {}

  @Post('births')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: 'Register a birth and start the birth → residence → card procedure' })
  register(
    @Body() body: unknown,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<BirthReceipt> {
    return this.births.register(parseBirthRequest(body), request.principal);
  }

  @Get('dossiers/:id')
  @Roles('officer')
  @ApiOperation({ summary: 'Progress of a dossier: steps, status, deadlines and overdue flags' })
  async dossier(@Param('id', new ParseUUIDPipe()) id: string): Promise<DossierView> {
    const view = await this.dossiers.find({}, id);
    if (!view) {
      throw new CivilStatusEventError('DOSSIER_NOT_FOUND', `no dossier ${id}`);
    }
    return view;
  }
}
