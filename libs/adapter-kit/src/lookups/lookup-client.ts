import { Inject, Injectable } from '@nestjs/common';
import {
  ERROR_SCHEMA_ID,
  seal,
  type ErrorPayload,
  type Officer,
  type Party,
  type Purpose,
  type SealedMessage,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import { AppError, registeredErrorCodes, toAppError } from '@lienthong/errors';
import { LT_SIGNATURE, lookupSubject, requestBytes } from '@lienthong/messaging';
import type { AdapterConfig } from '../core/adapter.config';
import { ADAPTER_CONFIG } from '../core/adapter-kit.constants';
import { AuditTrail, acceptedFacts } from '../core/audit-trail';
import { BusRuntime } from '../core/bus-runtime';
import { AdapterError } from '../core/adapter.errors';
import { UNKNOWN_LABEL, boundedCode, recordLookup } from '../core/adapter-metrics';
import { dataSubjectOf } from './data-subject';
import type { LookupAnswer } from './lookup-server';

/**
 * A look-up as an officer's system asks for it. Whom it is about (the envelope's data subject, for
 * both agencies' audit records) is read from the query's field that the service's request schema
 * annotates `x-lienthong-subject`.
 */
export interface LookupRequest {
  readonly service: string;
  readonly query: Record<string, unknown>;
  readonly purpose: Purpose;
  readonly officer: Officer;
  /** Joins an existing conversation (dossier); a new one starts otherwise. */
  readonly correlationId?: string;
}

/**
 * Proof of what the provider said, verifiable later with the bus root CA certificate alone:
 * the provider's signed response bytes exactly as received, its detached JWS, and the
 * certificate chain (leaf first) of the signing key.
 */
export interface LookupEvidence {
  readonly provider: Party;
  readonly requestId: string;
  readonly responseId: string;
  readonly correlationId: string;
  readonly respondedAt: string;
  readonly verifiedAt: string;
  readonly response: {
    readonly body: string;
    readonly encoding: 'base64url';
    readonly signature: string;
  };
  readonly certificates: readonly string[];
}

/** A verified answer and its evidence. */
export interface LookupResult {
  readonly answer: LookupAnswer;
  readonly evidence: LookupEvidence;
}

/** A refusal the provider signed; carries the provider's code and the signed error as evidence. */
export class ProviderRefusal extends AppError {
  readonly retryable: boolean;
  override readonly httpStatus: number;
  override readonly logLevel = 'info' as const;
  readonly title: string;

  constructor(
    readonly code: string,
    message: string,
    evidence: LookupEvidence,
  ) {
    super(message, { details: { evidence } });
    const spec = registeredErrorCodes().get(code);
    // Known codes keep their meaning (ACCESS_DENIED stays 403, a provider's unavailable back end
    // stays a retryable 503); other server-side and unknown codes are a bad gateway.
    this.retryable = spec?.retryable ?? false;
    this.httpStatus = spec && (spec.httpStatus < 500 || spec.retryable) ? spec.httpStatus : 502;
    this.title = spec?.title ?? 'The provider refused the look-up';
  }
}

/**
 * The consumer side of a look-up: seals the request with this agency's key, sends it to the
 * provider named by the service catalog, verifies the signed reply (bound to this request) and
 * records the exchange in the audit trail.
 */
@Injectable()
export class LookupClient {
  private inFlight = 0;
  /** `member/subsystem` of each catalog entry's provider, made once per entry. */
  private readonly peers = new WeakMap<object, string>();

  constructor(
    private readonly runtime: BusRuntime,
    private readonly audit: AuditTrail,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {}

  /** The catalog entry of a service, or LOOKUP_SERVICE_UNKNOWN. */
  service(code: string) {
    const service = this.runtime.configuration.current().service(code);
    if (!service) {
      throw new AdapterError('LOOKUP_SERVICE_UNKNOWN', `no service ${code} in the catalog`);
    }
    return service;
  }

  /**
   * Asks the provider and returns its verified answer. At most `LOOKUP_MAX_IN_FLIGHT` look-ups
   * are under way at once: a burst beyond it is refused at once (LOOKUP_OVERLOADED, retryable,
   * nothing sent) instead of growing the adapter's memory without bound.
   */
  async lookup(request: LookupRequest): Promise<LookupResult> {
    const startedAt = performance.now();
    const [service, peer] = this.labelsOf(request.service);
    if (this.inFlight >= this.config.lookup.maxInFlight) {
      recordLookup('consumer', service, peer, 'LOOKUP_OVERLOADED', startedAt);
      throw new AdapterError(
        'LOOKUP_OVERLOADED',
        `${this.config.lookup.maxInFlight} look-ups are under way; try again shortly`,
      );
    }
    this.inFlight++;
    try {
      const result = await this.exchange(request);
      recordLookup('consumer', service, peer, result.answer.status, startedAt);
      return result;
    } catch (error) {
      recordLookup('consumer', service, peer, boundedCode(toAppError(error).code), startedAt);
      throw error;
    } finally {
      this.inFlight--;
    }
  }

  /**
   * The service and provider labels of a look-up's metrics: from the verified catalog only (the
   * service code in a request is the caller's text until the catalog knows it).
   */
  private labelsOf(code: string): [service: string, peer: string] {
    const service = this.runtime.configuration.held()?.service(code);
    if (!service) {
      return [UNKNOWN_LABEL, UNKNOWN_LABEL];
    }
    let peer = this.peers.get(service);
    if (peer === undefined) {
      peer = `${service.provider.member}/${service.provider.subsystem}`;
      this.peers.set(service, peer);
    }
    return [service.code, peer];
  }

  private async exchange(request: LookupRequest): Promise<LookupResult> {
    const service = this.service(request.service);
    this.runtime.schemas.validate(service.requestType, request.query);
    const subject = dataSubjectOf(
      this.runtime.schemas,
      service.requestType,
      service.code,
      request.query,
    );
    const sealed = seal(
      {
        type: service.requestType,
        recipient: service.provider,
        payload: request.query,
        purpose: request.purpose,
        officer: request.officer,
        subject,
        ...(request.correlationId ? { correlationId: request.correlationId } : {}),
      },
      this.runtime.signer,
      { ttlMs: this.config.lookup.timeoutMs * 2 },
    );
    try {
      // nothing is sent to a member the operator has suspended; the attempt is audited
      this.runtime.configuration.current().assertRecipientNotSuspended(service.provider);
    } catch (error) {
      await this.recordRequest(sealed, toAppError(error).code);
      throw error;
    }
    const busSubject = lookupSubject(
      this.runtime.namespace,
      service.provider.member,
      service.provider.subsystem,
      service.code,
    );
    let reply: { data: Uint8Array; headers: Record<string, string | undefined> };
    try {
      reply = await requestBytes(
        this.runtime.nats,
        busSubject,
        { data: sealed.bytes, headers: sealed.headers },
        { timeoutMs: this.config.lookup.timeoutMs },
      );
    } catch (error) {
      await this.recordRequest(sealed, toAppError(error).code);
      throw unavailable(error, service.code);
    }
    let verified: VerifiedEnvelope<LookupAnswer | ErrorPayload>;
    try {
      verified = await this.runtime.verifier.open(reply.data, reply.headers[LT_SIGNATURE], {
        recipient: this.runtime.self,
        type: [service.responseType, ERROR_SCHEMA_ID],
        request: sealed,
        headers: reply.headers,
      });
    } catch (error) {
      // A reply that fails verification is not the provider's word: nothing of it is used.
      const code = toAppError(error).code;
      await this.recordRequest(sealed, code);
      throw new AdapterError(
        'LOOKUP_REPLY_INVALID',
        `the reply to ${service.code} failed verification`,
        {
          cause: error,
          details: { verificationCode: code },
        },
      );
    }
    const evidence = this.evidenceOf(sealed, verified);
    if (verified.body.type === ERROR_SCHEMA_ID) {
      const refusal = verified.body.payload as ErrorPayload;
      await this.recordRequest(sealed, refusal.code);
      throw new ProviderRefusal(refusal.code, refusal.message, evidence);
    }
    const answer = verified.body.payload as LookupAnswer;
    await this.audit.record(acceptedFacts(verified, answer.policy?.fields ?? []));
    return { answer, evidence };
  }

  private async recordRequest(sealed: SealedMessage, code: string): Promise<void> {
    await this.audit.record({
      body: sealed.body,
      bytes: sealed.bytes,
      signature: sealed.signature,
      verified: true,
      outcome: { status: 'refused', code },
    });
  }

  private evidenceOf(sealed: SealedMessage, verified: VerifiedEnvelope): LookupEvidence {
    const config = this.runtime.configuration.current().config;
    return {
      provider: verified.body.sender,
      requestId: sealed.body.id,
      responseId: verified.body.id,
      correlationId: verified.body.correlationId,
      respondedAt: verified.body.issuedAt,
      verifiedAt: new Date().toISOString(),
      response: {
        body: verified.bytes.toString('base64url'),
        encoding: 'base64url',
        signature: verified.signature,
      },
      certificates: [verified.certificate.pem, ...config.intermediates],
    };
  }
}

function unavailable(error: unknown, service: string): AppError {
  const appError = toAppError(error);
  if (appError.code === 'BUS_NO_RESPONDERS' || appError.code === 'BUS_TIMEOUT') {
    return new AdapterError(
      'LOOKUP_PROVIDER_UNAVAILABLE',
      `the provider of ${service} did not answer`,
      {
        cause: error,
      },
    );
  }
  return appError;
}
