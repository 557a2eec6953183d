import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TransactionRunner } from '@lienthong/persistence';
import { type Service } from './service.entity';
import { ServiceRepository } from './service.repository';
import { CreateServiceBody, SERVICE_VIEW_SCHEMA, type ServiceView } from './service.schemas';

function toView(service: Service): ServiceView {
  return {
    code: service.code,
    version: service.version,
    provider: { member: service.providerMember, subsystem: service.providerSubsystem },
    requestType: service.requestType,
    responseType: service.responseType,
    title: service.title,
    fields: service.fields,
    enabled: service.enabled,
  };
}

/** Operator API for the service catalog. */
@ApiTags('services')
@ApiBearerAuth()
@Controller('v1/services')
export class ServicesController {
  constructor(
    @Inject(TransactionRunner) private readonly runner: TransactionRunner,
    @Inject(ServiceRepository) private readonly services: ServiceRepository,
  ) {}

  /** Registers one version of a service. */
  @Post()
  @ApiBody({ schema: CreateServiceBody.schema })
  async create(@Body() body: CreateServiceBody): Promise<ServiceView> {
    const created = await this.runner.run({}, (tx) =>
      this.services.create(tx, {
        code: body.code,
        version: body.version,
        providerMember: body.provider.member,
        providerSubsystem: body.provider.subsystem,
        requestType: body.requestType,
        responseType: body.responseType,
        title: body.title,
        fields: body.fields,
        enabled: body.enabled ?? true,
      }),
    );
    return toView(created);
  }

  /** Lists every service version. */
  @Get()
  @ApiOkResponse({ schema: { type: 'array', items: SERVICE_VIEW_SCHEMA } })
  async list(): Promise<ServiceView[]> {
    return (await this.services.list({})).map(toView);
  }
}
