import { isAppError } from '@lienthong/errors';
import {
  canonicalText,
  verifyDetachedJws,
  type CertificateInfo,
  type TrustStore,
} from '@lienthong/pki';
import type { SchemaRegistry } from '@lienthong/schema';
import {
  BUS_ALGORITHMS,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LIFETIME_MS,
  ENVELOPE_JWS_TYPE,
  ENVELOPE_SCHEMA_ID,
  HEADER_MESSAGE_ID,
  HEADER_SIGNATURE,
  HEADER_TYPE,
} from './envelope.constants';
import { EnvelopeError } from './envelope.errors';
import type { EnvelopeBody, Party, VerifiedEnvelope } from './envelope.types';
import type { ReplayGuard } from './replay-guard';
import { requestHashOf } from './request-hash';

/** Collaborators and limits of an {@link EnvelopeVerifier}. */
export interface EnvelopeVerifierDeps {
  /** The current trust store; called on every message so a new configuration applies at once. */
  trustStore: () => TrustStore;
  schemas: SchemaRegistry;
  replay: ReplayGuard;
  clock?: () => Date;
  maxBytes?: number;
  clockSkewMs?: number;
  maxLifetimeMs?: number;
}

/** The request a reply must be bound to: a verified or sealed envelope, or its id and bytes. */
export type ExpectedRequest =
  { body: EnvelopeBody; bytes: Uint8Array } | { id: string; bytes: Uint8Array };

/** What the receiver knows from its transport context, checked against the signed body. */
export interface EnvelopeExpectations {
  /** Who must be addressed: the receiving subsystem. */
  recipient?: Party;
  /** Accepted message type(s). */
  type?: string | string[];
  /** For a reply: the request it answers. */
  request?: ExpectedRequest;
  /** Transport headers; `Nats-Msg-Id`, `Lt-Type` and `Lt-Signature` must agree with the body. */
  headers?: Record<string, string | undefined>;
  /** Access decision (e.g. the caller's access rights); throws its own coded error to refuse. */
  authorize?: (body: EnvelopeBody) => void;
}

/** Refuses a message from a member its trust store marks suspended (step 7b of the verification order). */
function assertSenderNotSuspended(store: TrustStore, sender: Party, at: Date): void {
  const suspension = store.suspension(sender.member, at);
  if (suspension !== undefined) {
    throw new EnvelopeError('ENVELOPE_SENDER_SUSPENDED', `member ${sender.member} is suspended`, {
      details: { member: sender.member, ...suspension },
    });
  }
}

const sameParty = (a: Party, b: Party) => a.member === b.member && a.subsystem === b.subsystem;
const fail = (code: EnvelopeError['code'], message: string, details?: Record<string, unknown>) =>
  new EnvelopeError(code, message, details ? { details } : undefined);

/**
 * Opens bus envelopes in the verification order of docs/protocol.md: nothing of the body is
 * trusted or even parsed before the signature over the exact received bytes has been verified,
 * and the payload validator and authorizer run only after every envelope check has passed.
 */
export class EnvelopeVerifier {
  private readonly clock: () => Date;
  private readonly maxBytes: number;
  private readonly skewMs: number;
  private readonly maxLifetimeMs: number;

  constructor(private readonly deps: EnvelopeVerifierDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.maxBytes = deps.maxBytes ?? DEFAULT_MAX_BYTES;
    this.skewMs = deps.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
    this.maxLifetimeMs = deps.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS;
  }

  /** Verifies and opens one message; rejects with the coded error of the first failed check. */
  async open<P>(
    bytes: Uint8Array,
    signature: string | undefined,
    expect: EnvelopeExpectations = {},
  ): Promise<VerifiedEnvelope<P>> {
    if (bytes.length > this.maxBytes) {
      throw fail('ENVELOPE_TOO_LARGE', `body is ${bytes.length} bytes, limit ${this.maxBytes}`);
    }
    if (!signature) {
      throw fail('ENVELOPE_SIGNATURE_MISSING', 'no Lt-Signature');
    }
    // A private copy: the caller's buffer could change between verifying and parsing.
    const data = Buffer.from(bytes);
    const now = this.clock();
    const trustStore = this.deps.trustStore();
    const { certificate, protectedHeader } = await verifyDetachedJws(signature, data, trustStore, {
      at: now,
      allowedAlgorithms: BUS_ALGORITHMS,
    });
    if (protectedHeader['typ'] !== ENVELOPE_JWS_TYPE) {
      // RFC 8725 §3.11: a configuration or another JWS class must not pass as a bus message
      throw fail('ENVELOPE_JWS_TYPE_INVALID', 'JWS typ is not ' + ENVELOPE_JWS_TYPE);
    }
    const body = this.parseCanonical(data);
    this.checkRouting(body, certificate, signature, expect, { trustStore, now });
    this.checkTime(body, now);
    this.checkTypeAndRequest(body, expect);
    const expiresAt = new Date(Date.parse(body.expiresAt) + this.skewMs);
    const replayKey = `${body.sender.member}.${body.sender.subsystem}:${body.id}`;
    if (!this.deps.replay.checkAndRemember(replayKey, expiresAt)) {
      throw fail('ENVELOPE_REPLAYED', `message ${body.id} was already received`);
    }
    expect.authorize?.(body);
    this.checkPayload(body);
    return { body: body as EnvelopeBody<P>, bytes: data, signature, certificate };
  }

  private parseCanonical(data: Buffer): EnvelopeBody {
    let text: string;
    let parsed: unknown;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
      parsed = JSON.parse(text);
    } catch {
      throw fail('ENVELOPE_NOT_JSON', 'body is not UTF-8 JSON');
    }
    let canonical: string;
    try {
      canonical = canonicalText(parsed);
    } catch {
      throw fail('ENVELOPE_NOT_CANONICAL', 'body holds a value JCS cannot represent');
    }
    // Equal text of equal length is equal bytes: strict UTF-8 decodes one way only, and the only
    // bytes the decoder drops are a leading byte order mark. It also rejects duplicate keys,
    // whitespace and alternative escapes.
    if (canonical !== text || Buffer.byteLength(canonical, 'utf8') !== data.length) {
      throw fail('ENVELOPE_NOT_CANONICAL', 'body is not RFC 8785 canonical JSON');
    }
    try {
      return this.deps.schemas.validate<EnvelopeBody>(ENVELOPE_SCHEMA_ID, parsed);
    } catch (error) {
      const details = isAppError(error) ? error.details : undefined;
      throw new EnvelopeError('ENVELOPE_SCHEMA_INVALID', 'body is not a valid envelope', {
        cause: error,
        ...(details ? { details: { ...details } } : {}),
      });
    }
  }

  private checkRouting(
    body: EnvelopeBody,
    certificate: CertificateInfo,
    signature: string,
    expect: EnvelopeExpectations,
    membership: { trustStore: TrustStore; now: Date },
  ): void {
    if (!certificate.identity || !sameParty(certificate.identity, body.sender)) {
      throw fail('ENVELOPE_SENDER_MISMATCH', 'certificate does not belong to the sender', {
        sender: body.sender,
        certificate: certificate.identity,
      });
    }
    // 7b: the configuration the store comes from may mark the (now proven) sender suspended
    assertSenderNotSuspended(membership.trustStore, body.sender, membership.now);
    if (expect.recipient && !sameParty(expect.recipient, body.recipient)) {
      throw fail('ENVELOPE_RECIPIENT_MISMATCH', 'message is addressed to someone else', {
        recipient: body.recipient,
      });
    }
    const headers = expect.headers ?? {};
    const disagree = (name: string, signed: string) =>
      headers[name] !== undefined && headers[name] !== signed;
    for (const [name, signed] of [
      [HEADER_MESSAGE_ID, body.id],
      [HEADER_TYPE, body.type],
      [HEADER_SIGNATURE, signature],
    ] as const) {
      if (disagree(name, signed)) {
        throw fail('ENVELOPE_HEADER_MISMATCH', `header ${name} disagrees with the body`, {
          header: name,
        });
      }
    }
  }

  private checkTime(body: EnvelopeBody, now: Date): void {
    const issued = Date.parse(body.issuedAt);
    const expires = Date.parse(body.expiresAt);
    const at = now.getTime();
    if (expires <= issued) {
      throw fail('ENVELOPE_LIFETIME_INVALID', 'expiresAt is not after issuedAt');
    }
    if (at > expires + this.skewMs) {
      throw fail('ENVELOPE_EXPIRED', `expired at ${body.expiresAt}`);
    }
    if (issued > at + this.skewMs) {
      throw fail('ENVELOPE_NOT_YET_VALID', `issued in the future (${body.issuedAt})`);
    }
    if (expires - issued > this.maxLifetimeMs) {
      throw fail('ENVELOPE_LIFETIME_TOO_LONG', `lifetime exceeds ${this.maxLifetimeMs} ms`);
    }
  }

  private checkTypeAndRequest(body: EnvelopeBody, expect: EnvelopeExpectations): void {
    if (expect.type !== undefined) {
      const accepted = Array.isArray(expect.type) ? expect.type : [expect.type];
      if (!accepted.includes(body.type)) {
        throw fail('ENVELOPE_TYPE_UNEXPECTED', `type ${body.type} is not expected here`, {
          type: body.type,
        });
      }
    }
    if (expect.request && !this.isBoundTo(body, expect.request)) {
      throw fail('ENVELOPE_REQUEST_MISMATCH', 'reply is not bound to the request');
    }
  }

  private isBoundTo(body: EnvelopeBody, request: ExpectedRequest): boolean {
    const requestBody = 'body' in request ? request.body : undefined;
    const requestId = requestBody ? requestBody.id : (request as { id: string }).id;
    if (body.causationId !== requestId || body.requestHash !== requestHashOf(request.bytes)) {
      return false;
    }
    // With the request body at hand, the reply must also come from whom we asked, in our conversation.
    return (
      !requestBody ||
      (sameParty(body.sender, requestBody.recipient) &&
        body.correlationId === requestBody.correlationId)
    );
  }

  private checkPayload(body: EnvelopeBody): void {
    if (!this.deps.schemas.has(body.type)) {
      throw fail('PAYLOAD_TYPE_UNKNOWN', `no schema for ${body.type}`, { type: body.type });
    }
    this.deps.schemas.validate(body.type, body.payload);
  }
}
