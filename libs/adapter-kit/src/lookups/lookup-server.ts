import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { toAppError } from '@lienthong/errors';
import {
  sealReply,
  type DataSubject,
  type EnvelopeBody,
  type Purpose,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  lookupQueueGroup,
  lookupSubject,
  serveRequests,
  type BusMessage,
  type BusRequest,
  type RequestServer,
} from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import type { AccessRight, VerifiedConfiguration } from '@lienthong/trust';
import type { AdapterConfig } from '../core/adapter.config';
import { ADAPTER_CONFIG, LOOKUP_HANDLERS } from '../core/adapter-kit.constants';
import type { LookupHandler } from './lookup-handler';
import { AuditTrail, acceptedFacts } from '../core/audit-trail';
import { BusRuntime } from '../core/bus-runtime';
import { AdapterError } from '../core/adapter.errors';
import { UNKNOWN_LABEL, boundedCode, recordLookup } from '../core/adapter-metrics';
import { dataSubjectOf, subjectFieldOf } from './data-subject';
import { minimiseRecord } from './minimise';
import { refuseRequest } from './refusal';

/** The signed answer to a look-up (the response schemas of every service share this shape). */
export interface LookupAnswer {
  readonly status: 'FOUND' | 'NOT_FOUND';
  readonly record?: Record<string, unknown>;
  /** Present on FOUND: the minimisation applied (service, purpose, fields kept). */
  readonly policy?: {
    readonly service: string;
    readonly purpose: string;
    readonly fields: string[];
  };
}

/**
 * Checks the consumer's access right for a verified request (runs inside the verifier, after
 * every envelope check): a right for (consumer, service), a purpose, and a purpose the right allows.
 */
export function authorizeLookup(
  config: VerifiedConfiguration,
  body: EnvelopeBody,
  service: string,
): { right: AccessRight; purpose: Purpose } {
  const right = config.accessRight(body.sender, service);
  if (!right) {
    throw new AdapterError(
      'ACCESS_DENIED',
      `${body.sender.member}/${body.sender.subsystem} has no access right for ${service}`,
    );
  }
  if (!body.purpose) {
    throw new AdapterError('ACCESS_PURPOSE_MISSING', 'a look-up must name its purpose');
  }
  if (!right.purposes.includes(body.purpose.procedure)) {
    throw new AdapterError(
      'ACCESS_PURPOSE_NOT_ALLOWED',
      `procedure ${body.purpose.procedure} is not an allowed purpose for ${service}`,
    );
  }
  return { right, purpose: body.purpose };
}

/**
 * Serves this agency's look-up services on the bus. The pipeline is the kit's, not the handler's
 * (style G6): verify → authorise → validate → dedupe → handler → minimise → sign → audit → reply.
 * Every refusal is a signed error reply with its code, and one audit record; the handler is never
 * reached by a message that failed a check.
 */
@Injectable()
export class LookupServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly servers: RequestServer[] = [];
  private readonly counts = { answered: 0, refused: 0 };

  constructor(
    private readonly runtime: BusRuntime,
    private readonly audit: AuditTrail,
    @Inject(LOOKUP_HANDLERS) private readonly handlers: LookupHandler[],
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {}

  /** Refuses to start a handler whose request schema names no data subject (the message says how). */
  onApplicationBootstrap(): void {
    for (const handler of this.handlers) {
      subjectFieldOf(this.runtime.schemas, handler.requestType, handler.service);
    }
    const { member, subsystem } = this.runtime.self;
    for (const handler of this.handlers) {
      this.servers.push(
        serveRequests(this.runtime.nats, {
          subject: lookupSubject(this.runtime.namespace, member, subsystem, handler.service),
          queue: lookupQueueGroup(member, subsystem),
          handler: (request) => this.serve(handler, request),
          maxConcurrent: this.config.lookup.maxConcurrent,
          logger: this.runtime.logger,
        }),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
  }

  /**
   * Handles one request end to end: returns a signed answer or a signed error, or no reply for a
   * request whose sender cannot be read (refuseRequest).
   */
  async serve(handler: LookupHandler, request: BusRequest): Promise<BusMessage | undefined> {
    const startedAt = performance.now();
    let verified: VerifiedEnvelope | undefined;
    // the sender once its signature is verified (authorize runs after that), refused or not
    let sender: EnvelopeBody['sender'] | undefined;
    try {
      const config = this.runtime.configuration.current();
      const service = config.service(handler.service);
      if (!service) {
        throw new AdapterError(
          'LOOKUP_SERVICE_UNKNOWN',
          `${handler.service} is not in the catalog`,
        );
      }
      if (service.requestType !== handler.requestType) {
        throw new AdapterError(
          'LOOKUP_SERVICE_UNKNOWN',
          `the catalog's ${handler.service} takes ${service.requestType}; this adapter serves ${handler.requestType}`,
        );
      }
      let access: ReturnType<typeof authorizeLookup> | undefined;
      verified = await this.runtime.verifier.open(request.data, request.headers[LT_SIGNATURE], {
        recipient: this.runtime.self,
        type: service.requestType,
        headers: request.headers,
        authorize: (body) => {
          sender = body.sender;
          access = authorizeLookup(config, body, handler.service);
        },
      });
      const { right, purpose } = access as NonNullable<typeof access>;
      const subject = dataSubjectOf(
        this.runtime.schemas,
        handler.requestType,
        handler.service,
        verified.body.payload,
      );
      const answer = await this.answer(handler, verified, right, purpose, subject);
      this.runtime.schemas.validate(service.responseType, answer);
      // A reply is of use only while its requester waits, so it lives as long as a request. The
      // requester's replay cache holds each reply id until expiry + skew: with the 60 s default
      // that is 90 s of replies, which fills its 100,000 entries above ~1,100 look-ups/s.
      const reply = sealReply(
        verified,
        { type: service.responseType, payload: answer },
        this.runtime.signer,
        { ttlMs: this.config.lookup.timeoutMs * 2 },
      );
      await this.audit.record({
        ...acceptedFacts(verified, answer.policy?.fields ?? []),
        subject,
      });
      this.counts.answered++;
      recordLookup('provider', handler.service, peerOf(sender), answer.status, startedAt);
      return { data: reply.bytes, headers: reply.headers };
    } catch (error) {
      this.counts.refused++;
      const reply = await refuseRequest(this.runtime, this.audit, request, verified, error);
      const code = boundedCode(toAppError(error).code);
      recordLookup('provider', handler.service, peerOf(sender), code, startedAt);
      return reply;
    }
  }

  /** Requests this replica answered and refused since it started (queue-group share, operations). */
  stats(): { answered: number; refused: number } {
    return { ...this.counts };
  }

  private async answer(
    handler: LookupHandler,
    verified: VerifiedEnvelope,
    right: AccessRight,
    purpose: Purpose,
    subject: DataSubject,
  ): Promise<LookupAnswer> {
    const { body } = verified;
    const outcome = await handler.handle(
      {
        messageId: body.id,
        correlationId: body.correlationId,
        consumer: body.sender,
        purpose,
        ...(body.officer ? { officer: body.officer } : {}),
        subject,
        manager: this.dataSource.manager,
      },
      body.payload,
    );
    if (outcome.status === 'NOT_FOUND') {
      return { status: 'NOT_FOUND' };
    }
    const { record, fields } = minimiseRecord(
      outcome.record,
      right.fields,
      handler.identifierField,
    );
    return {
      status: 'FOUND',
      record,
      policy: { service: handler.service, purpose: purpose.procedure, fields },
    };
  }
}

/**
 * The consumer's `member/subsystem` once its signature was verified (a member of the
 * configuration: a bounded set), `unknown` for a request refused before that.
 */
function peerOf(sender: EnvelopeBody['sender'] | undefined): string {
  return sender === undefined ? UNKNOWN_LABEL : `${sender.member}/${sender.subsystem}`;
}
