import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusRuntime } from '../core/bus-runtime';
import { OfficerAuthGuard, Roles } from '../core/officer-auth.guard';

/** Identifier fields a look-up query may be keyed by, in the order they are looked for. */
const QUERY_FIELDS = ['personalId', 'enterpriseCode', 'socialInsuranceNumber'] as const;

/** A service this agency may call, with what its access right allows (from the signed configuration). */
export interface CatalogService {
  readonly code: string;
  readonly title: string;
  readonly provider: { readonly member: string; readonly subsystem: string; readonly name: string };
  /** The identifier field its request is keyed by. */
  readonly queryField?: (typeof QUERY_FIELDS)[number];
  /** Record fields the service offers. */
  readonly offeredFields: readonly string[];
  /** Procedures this agency may ask it for. */
  readonly purposes: readonly string[];
  /**
   * For each of those procedures, the legal bases a request may cite (code, citation); a
   * procedure missing here has none, and the provider refuses every request for it.
   */
  readonly legalBases: Readonly<Record<string, readonly CatalogLegalBasis[]>>;
  /** Record fields its answers to this agency keep (the others are withheld by policy). */
  readonly grantedFields: readonly string[];
}

/** A legal basis a right allows: the code a request cites, and the text it stands for. */
export interface CatalogLegalBasis {
  readonly code: string;
  readonly citation: string;
}

/** A member of the bus (documents are addressed to those with an organ id). */
export interface CatalogMember {
  readonly code: string;
  readonly name: string;
  readonly organId?: string;
}

/** What this agency may do on the bus, as the verified global configuration says today. */
export interface Catalog {
  readonly member: string;
  readonly subsystem: string;
  readonly configurationIssuedAt: string;
  readonly services: readonly CatalogService[];
  readonly members: readonly CatalogMember[];
}

const catalogSchema = {
  type: 'object',
  required: ['member', 'subsystem', 'configurationIssuedAt', 'services', 'members'],
  properties: {
    member: { type: 'string' },
    subsystem: { type: 'string' },
    configurationIssuedAt: { type: 'string', format: 'date-time' },
    services: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'code',
          'title',
          'provider',
          'offeredFields',
          'purposes',
          'legalBases',
          'grantedFields',
        ],
        properties: {
          code: { type: 'string' },
          title: { type: 'string' },
          provider: {
            type: 'object',
            required: ['member', 'subsystem', 'name'],
            properties: {
              member: { type: 'string' },
              subsystem: { type: 'string' },
              name: { type: 'string' },
            },
          },
          queryField: { type: 'string', enum: [...QUERY_FIELDS] as string[] },
          offeredFields: { type: 'array', items: { type: 'string' } },
          purposes: { type: 'array', items: { type: 'string' } },
          legalBases: {
            type: 'object',
            additionalProperties: {
              type: 'array',
              items: {
                type: 'object',
                required: ['code', 'citation'],
                properties: { code: { type: 'string' }, citation: { type: 'string' } },
              },
            },
          },
          grantedFields: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    members: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name'],
        properties: {
          code: { type: 'string' },
          name: { type: 'string' },
          organId: { type: 'string' },
        },
      },
    },
  },
};

/**
 * The services this agency may call and the purposes and fields its rights allow, the members it
 * may address: what an officer's forms offer, read from the verified global configuration (the
 * provider still checks every request against the same configuration).
 */
@ApiTags('look-ups')
@ApiBearerAuth()
@Controller('v1/catalog')
@UseGuards(OfficerAuthGuard)
export class CatalogController {
  constructor(private readonly runtime: BusRuntime) {}

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({
    summary: 'Services, purposes and fields this agency may use; members to address',
  })
  @ApiOkResponse({ schema: catalogSchema })
  catalog(): Catalog {
    const verified = this.runtime.configuration.current();
    const { config } = verified;
    const self = this.runtime.self;
    const names = new Map(config.members.map((m) => [m.code, m.name]));
    const services: CatalogService[] = [];
    for (const service of config.services) {
      const right = verified.accessRight(self, service.code);
      if (!right || service.provider.member === self.member) {
        continue;
      }
      const request = this.runtime.schemas.has(service.requestType)
        ? (this.runtime.schemas.get(service.requestType) as {
            properties?: Record<string, unknown>;
          })
        : undefined;
      const queryField = QUERY_FIELDS.find((f) => request?.properties?.[f] !== undefined);
      services.push({
        code: service.code,
        title: service.title,
        provider: { ...service.provider, name: names.get(service.provider.member) ?? '' },
        ...(queryField ? { queryField } : {}),
        offeredFields: service.fields,
        purposes: right.purposes,
        legalBases: Object.fromEntries(
          right.purposes.flatMap((purpose) => {
            const bases = right.legalBases?.[purpose] ?? [];
            return bases.length > 0 ? [[purpose, bases]] : [];
          }),
        ),
        grantedFields: right.fields,
      });
    }
    return {
      member: self.member,
      subsystem: self.subsystem,
      configurationIssuedAt: config.issuedAt,
      services,
      members: config.members.map((m) => ({
        code: m.code,
        name: m.name,
        ...(m.organId ? { organId: m.organId } : {}),
      })),
    };
  }
}
