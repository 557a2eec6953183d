import { randomBytes } from 'node:crypto';
import {
  Controller,
  HttpCode,
  Inject,
  Injectable,
  Param,
  Post,
  UseGuards,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ERROR_SCHEMA_ID,
  PING_REQUEST_TYPE,
  PING_RESPONSE_TYPE,
  seal,
  type ErrorPayload,
} from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  lookupSubject,
  requestBytes,
  type BusMessage,
  type RequestServer,
} from '@lienthong/messaging';
import type { AdapterConfig } from '../core/adapter.config';
import { ADAPTER_CONFIG } from '../core/adapter-kit.constants';
import { AuditTrail } from '../core/audit-trail';
import { BusRuntime } from '../core/bus-runtime';
import { AdapterError } from '../core/adapter.errors';
import { OfficerAuthGuard, Roles } from '../core/officer-auth.guard';
import { serveSignedService } from './signed-service';

/** Service code of the liveness look-up every adapter serves (docs/protocol.md §7). */
export const PING_SERVICE = 'ping';

/**
 * Answers signed pings from any registered member: proof of liveness and of a working key,
 * certificate and configuration end to end, with no registry data involved (so no access right).
 */
@Injectable()
export class PingServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: RequestServer;

  constructor(
    private readonly runtime: BusRuntime,
    private readonly audit: AuditTrail,
  ) {}

  onApplicationBootstrap(): void {
    this.server = serveSignedService<{ nonce: string }, PingAnswer>(this.runtime, this.audit, {
      service: PING_SERVICE,
      requestType: PING_REQUEST_TYPE,
      responseType: PING_RESPONSE_TYPE,
      answer: (request) => ({
        nonce: request.body.payload.nonce,
        ...this.runtime.self,
        time: new Date().toISOString(),
      }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
  }
}

/** What a ping answers: the nonce back, who answered, and when. */
interface PingAnswer {
  readonly nonce: string;
  readonly member: string;
  readonly subsystem: string;
  readonly time: string;
}

/** Operators check that another member's adapter answers, signed, through the whole bus. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/ping')
@UseGuards(OfficerAuthGuard)
export class PingController {
  constructor(
    private readonly runtime: BusRuntime,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {}

  @Post(':member/:subsystem')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: "Signed liveness check of another member's adapter" })
  async ping(@Param('member') member: string, @Param('subsystem') subsystem: string) {
    const recipient = { member, subsystem };
    const sealed = seal(
      {
        type: PING_REQUEST_TYPE,
        recipient,
        payload: { nonce: randomBytes(18).toString('base64url') },
      },
      this.runtime.signer,
    );
    const started = performance.now();
    let reply: BusMessage;
    try {
      reply = await requestBytes(
        this.runtime.nats,
        lookupSubject(this.runtime.namespace, member, subsystem, PING_SERVICE),
        { data: sealed.bytes, headers: sealed.headers },
        { timeoutMs: this.config.lookup.timeoutMs },
      );
    } catch (error) {
      throw new AdapterError(
        'LOOKUP_PROVIDER_UNAVAILABLE',
        `${member}/${subsystem} did not answer the ping`,
        { cause: error },
      );
    }
    const verified = await this.runtime.verifier.open<
      { nonce: string; time: string } | ErrorPayload
    >(reply.data, reply.headers[LT_SIGNATURE], {
      recipient: this.runtime.self,
      type: [PING_RESPONSE_TYPE, ERROR_SCHEMA_ID],
      request: sealed,
      headers: reply.headers,
    });
    return {
      member,
      subsystem,
      answered: verified.body.type === PING_RESPONSE_TYPE,
      roundTripMs: Math.round((performance.now() - started) * 10) / 10,
      response: verified.body.payload,
      certificate: verified.certificate.thumbprint,
    };
  }
}
