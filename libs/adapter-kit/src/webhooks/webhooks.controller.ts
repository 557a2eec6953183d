import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { openApiRef, type EndpointRequestV1 } from '@lienthong/schema';
import { BusRuntime } from '../core/bus-runtime';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '../core/officer-auth.guard';
import { validateRequestBody } from '../core/request-body';
import { WebhookRelay } from './webhook-relay';
import {
  WebhookRepository,
  type WebhookDeliveryState,
  type WebhookDeliveryView,
  type WebhookEndpoint,
} from './webhook.repository';
import { WEBHOOK_ENDPOINT_REQUEST_TYPE } from './webhooks.constants';
import { WebhookError } from './webhooks.errors';

const endpointId = new ParseUUIDPipe({
  exceptionFactory: () => new WebhookError('WEBHOOK_NOT_FOUND', 'no such webhook endpoint'),
});
const deliveryId = new ParseUUIDPipe({
  exceptionFactory: () => new WebhookError('WEBHOOK_DELIVERY_NOT_FOUND', 'no such delivery'),
});
const STATES: readonly WebhookDeliveryState[] = ['pending', 'delivered', 'dead'];

/**
 * The agency operator's webhooks: the receivers of its own systems (which topics each takes),
 * and every delivery with where it stands, the dead-lettered ones to be queued again by hand.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
@UseGuards(OfficerAuthGuard)
@Roles('operator')
export class WebhooksController {
  constructor(
    private readonly runtime: BusRuntime,
    private readonly repository: WebhookRepository,
    private readonly relay: WebhookRelay,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a receiver for document.received, document.status, dossier.step',
  })
  @ApiBody({ schema: openApiRef(WEBHOOK_ENDPOINT_REQUEST_TYPE) })
  async add(
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<WebhookEndpoint> {
    const input = validateRequestBody<EndpointRequestV1>(
      this.runtime.schemas,
      WEBHOOK_ENDPOINT_REQUEST_TYPE,
      body,
      (violations, cause) =>
        new WebhookError(
          'WEBHOOK_REQUEST_INVALID',
          'the webhook endpoint does not fit its schema',
          {
            cause,
            details: { errors: violations },
          },
        ),
    );
    return this.repository.addEndpoint(
      {},
      {
        id: uuidv7(),
        url: checkedUrl(input.url),
        topics: input.topics,
        description: input.description ?? null,
        createdBy: request.principal.id,
      },
    );
  }

  @Get()
  @ApiOperation({ summary: 'The registered receivers (all=true: the removed ones too)' })
  async list(@Query('all') all?: string): Promise<{ items: WebhookEndpoint[] }> {
    return { items: await this.repository.endpoints({}, all === 'true') };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a receiver: nothing more is queued or attempted for it' })
  async remove(@Param('id', endpointId) id: string): Promise<void> {
    if (!(await this.repository.removeEndpoint({}, id))) {
      throw new WebhookError('WEBHOOK_NOT_FOUND', `no webhook endpoint ${id}`);
    }
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Deliveries, newest first: state (pending, delivered, dead), endpoint' })
  async deliveries(
    @Query() query: Record<string, string | undefined>,
  ): Promise<{ items: WebhookDeliveryView[]; total: number; limit: number; offset: number }> {
    const state = query['state'];
    if (state !== undefined && !STATES.includes(state as WebhookDeliveryState)) {
      throw new WebhookError('WEBHOOK_REQUEST_INVALID', 'state is pending, delivered or dead');
    }
    const endpoint = query['endpoint'];
    if (endpoint !== undefined && !/^[0-9a-f-]{36}$/i.test(endpoint)) {
      throw new WebhookError('WEBHOOK_REQUEST_INVALID', 'endpoint is an endpoint id');
    }
    const limit = integer(query['limit'], 20, 1, 500, 'limit');
    const offset = integer(query['offset'], 0, 0, 1_000_000, 'offset');
    const page = await this.repository.deliveries(
      {},
      {
        ...(state ? { state: state as WebhookDeliveryState } : {}),
        ...(endpoint ? { endpointId: endpoint } : {}),
        limit,
        offset,
      },
    );
    return { ...page, limit, offset };
  }

  @Get('deliveries/:id')
  @ApiOperation({ summary: 'One delivery: attempts, last answer or error, delivered or dead' })
  async delivery(@Param('id', deliveryId) id: string): Promise<WebhookDeliveryView> {
    const found = await this.repository.delivery({}, id);
    if (!found) {
      throw new WebhookError('WEBHOOK_DELIVERY_NOT_FOUND', `no webhook delivery ${id}`);
    }
    return found;
  }

  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Queue a dead-lettered delivery again (same id, same body)' })
  async retry(@Param('id', deliveryId) id: string): Promise<WebhookDeliveryView> {
    if (!(await this.repository.revive({}, id))) {
      const found = await this.repository.delivery({}, id);
      throw found
        ? new WebhookError('WEBHOOK_DELIVERY_NOT_DEAD', `delivery ${id} is ${found.state}`)
        : new WebhookError('WEBHOOK_DELIVERY_NOT_FOUND', `no webhook delivery ${id}`);
    }
    this.relay.wake();
    return (await this.repository.delivery({}, id)) as WebhookDeliveryView;
  }
}

/** An absolute http(s) URL without user info or fragment, as the URL parser reads it. */
function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new WebhookError('WEBHOOK_REQUEST_INVALID', 'url is not an absolute URL', { cause });
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.hash !== ''
  ) {
    throw new WebhookError(
      'WEBHOOK_REQUEST_INVALID',
      'url is an http(s) URL without user info or fragment',
    );
  }
  return url.href;
}

function integer(
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
): number {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new WebhookError('WEBHOOK_REQUEST_INVALID', `${name} is an integer ${min}..${max}`);
  }
  return value;
}
