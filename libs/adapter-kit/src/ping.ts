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
  sealReply,
  type ErrorPayload,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  lookupQueueGroup,
  lookupSubject,
  requestBytes,
  serveRequests,
  type BusMessage,
  type BusRequest,
  type RequestServer,
} from '@lienthong/messaging';
import type { AdapterConfig } from './adapter.config';
import { ADAPTER_CONFIG } from './adapter-kit.constants';
import { AuditTrail } from './audit-trail';
import { BusRuntime } from './bus-runtime';
import { AdapterError } from './configuration-state';
import { OfficerAuthGuard, Roles } from './officer-auth.guard';
import { refuseRequest } from './refusal';

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
    const { member, subsystem } = this.runtime.self;
    this.server = serveRequests(this.runtime.nats, {
      subject: lookupSubject(this.runtime.namespace, member, subsystem, PING_SERVICE),
      queue: lookupQueueGroup(member, subsystem),
      handler: (request) => this.serve(request),
      logger: this.runtime.logger,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
  }

  async serve(request: BusRequest): Promise<BusMessage> {
    let verified: VerifiedEnvelope<{ nonce: string }> | undefined;
    try {
      verified = await this.runtime.verifier.open(request.data, request.headers[LT_SIGNATURE], {
        recipient: this.runtime.self,
        type: PING_REQUEST_TYPE,
        headers: request.headers,
      });
      const reply = sealReply(
        verified,
        {
          type: PING_RESPONSE_TYPE,
          payload: {
            nonce: verified.body.payload.nonce,
            ...this.runtime.self,
            time: new Date().toISOString(),
          },
        },
        this.runtime.signer,
      );
      await this.audit.record({
        body: verified.body,
        bytes: verified.bytes,
        signature: verified.signature,
        verified: true,
        outcome: { status: 'accepted' },
      });
      return { data: reply.bytes, headers: reply.headers };
    } catch (error) {
      return refuseRequest(this.runtime, this.audit, request, verified, error);
    }
  }
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
