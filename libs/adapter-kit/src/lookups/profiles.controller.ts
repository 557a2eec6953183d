import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Purpose } from '@lienthong/envelope';
import { isAppError, toAppError } from '@lienthong/errors';
import { openApiRef } from '@lienthong/schema';
import { BusRuntime } from '../core/bus-runtime';
import { AdapterError } from '../core/adapter.errors';
import { LookupClient } from './lookup-client';
import { PURPOSE_SCHEMA, parsePurpose } from './lookups.controller';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '../core/officer-auth.guard';

const PROFILE_RESPONSE_TYPE = 'urn:lienthong:profile:citizen-profile-response:1';
const PROFILE_REQUEST_TYPE = 'urn:lienthong:profile:citizen-profile-request:1';

interface ProfilePart {
  provider: { member: string; subsystem: string; service: string };
  status: 'OK' | 'ERROR';
  envelope?: unknown;
  signature?: string;
  /** The signer's chain, leaf first, so the part verifies against the bus root alone. */
  certificates?: string[];
  error?: { code: string; message: string; retryable: boolean };
}

/**
 * The composite citizen profile: one request by an officer fans out in parallel to every
 * provider of a person-keyed service that this agency may call for the stated purpose. Each part is
 * the provider's own signed response (verifiable without trusting this adapter) or a per-part error;
 * a slow or stopped provider gives an error part after the look-up deadline, never a hang.
 */
@ApiTags('look-ups')
@ApiBearerAuth()
@Controller('v1/profiles')
@UseGuards(OfficerAuthGuard)
export class ProfilesController {
  constructor(
    private readonly client: LookupClient,
    private readonly runtime: BusRuntime,
  ) {}

  @Post('citizen')
  @HttpCode(200)
  @Roles('officer')
  @ApiOperation({
    summary: 'Composite citizen profile from every provider this agency may ask, in parallel',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['purpose', 'query'],
      properties: {
        purpose: openApiRef(PURPOSE_SCHEMA),
        query: openApiRef(PROFILE_REQUEST_TYPE),
      },
    },
  })
  async citizen(
    @Body() body: unknown,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<{ personalId: string; parts: ProfilePart[] }> {
    const input = (body ?? {}) as { purpose?: unknown; query?: unknown };
    const purpose = parsePurpose(this.runtime.schemas, input.purpose);
    try {
      this.runtime.schemas.validate(PROFILE_REQUEST_TYPE, input.query);
    } catch (error) {
      throw new AdapterError(
        'LOOKUP_SUBJECT_ID_INVALID',
        'query.personalId must be a personal id',
        { cause: error },
      );
    }
    const { personalId } = input.query as { personalId: string };
    const services = this.personServices(purpose);
    if (services.length === 0) {
      throw new AdapterError(
        'ACCESS_DENIED',
        `no person service may be asked for procedure ${purpose.procedure}`,
      );
    }
    const { principal } = request;
    const parts = await Promise.all(
      services.map((service) => this.part(service, personalId, purpose, principal)),
    );
    const profile = { personalId, parts };
    this.runtime.schemas.validate(PROFILE_RESPONSE_TYPE, profile);
    return profile;
  }

  /**
   * Services about a person, provided by others, that this agency may call for the purpose: those
   * whose request schema names a personal id as its data subject (`x-lienthong-subject`).
   */
  private personServices(purpose: Purpose) {
    const verified = this.runtime.configuration.current();
    return verified.config.services.flatMap((service) => {
      const right = verified.accessRight(this.runtime.self, service.code);
      const subject = this.runtime.schemas.has(service.requestType)
        ? this.runtime.schemas.subjectField(service.requestType)
        : undefined;
      return right !== undefined &&
        right.purposes.includes(purpose.procedure) &&
        subject?.scheme === 'personal-id' &&
        service.provider.member !== this.runtime.self.member
        ? [{ ...service, subjectField: subject.field }]
        : [];
    });
  }

  private async part(
    service: {
      code: string;
      provider: { member: string; subsystem: string };
      subjectField: string;
    },
    personalId: string,
    purpose: Purpose,
    principal: OfficerPrincipal,
  ): Promise<ProfilePart> {
    const provider = { ...service.provider, service: service.code };
    try {
      const { evidence } = await this.client.lookup({
        service: service.code,
        query: { [service.subjectField]: personalId },
        purpose,
        officer: { id: principal.id, role: principal.role },
      });
      const envelope: unknown = JSON.parse(
        Buffer.from(evidence.response.body, 'base64url').toString('utf8'),
      );
      return {
        provider,
        status: 'OK',
        envelope,
        signature: evidence.response.signature,
        certificates: [...evidence.certificates],
      };
    } catch (error) {
      const appError = toAppError(error);
      return {
        provider,
        status: 'ERROR',
        error: {
          code: appError.code,
          message: (isAppError(error) && !appError.code.startsWith('INTERNAL')
            ? appError.message
            : 'internal error'
          ).slice(0, 500),
          // a provider's signed refusal is retryable when its code is (PROVIDER_UNAVAILABLE)
          retryable: appError.retryable,
        },
      };
    }
  }
}
