import { toProblem, type AppError } from '@lienthong/errors';
import { canonicalJson, type Signer } from '@lienthong/pki';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TTL_MS,
  ENVELOPE_JWS_TYPE,
  ENVELOPE_VERSION,
  ERROR_SCHEMA_ID,
  HEADER_ERROR_CODE,
  HEADER_MESSAGE_ID,
  HEADER_SIGNATURE,
  HEADER_TYPE,
} from './envelope.constants';
import { EnvelopeError } from './envelope.errors';
import type {
  EnvelopeBody,
  EnvelopeDraft,
  ErrorPayload,
  Party,
  SealOptions,
  SealedMessage,
  VerifiedEnvelope,
} from './envelope.types';
import { newMessageId } from './message-id';
import { requestHashOf } from './request-hash';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;
const SUBSYSTEM = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_ERROR_MESSAGE = 1024;

function buildBody<P>(draft: EnvelopeDraft<P>, sender: Party, now: Date, ttlMs: number) {
  const id = draft.id ?? newMessageId(now.getTime());
  const body: EnvelopeBody<P> = {
    v: ENVELOPE_VERSION,
    id,
    type: draft.type,
    sender: { member: sender.member, subsystem: sender.subsystem },
    recipient: { member: draft.recipient.member, subsystem: draft.recipient.subsystem },
    issuedAt: draft.issuedAt ?? now.toISOString(),
    expiresAt: draft.expiresAt ?? new Date(now.getTime() + ttlMs).toISOString(),
    correlationId: draft.correlationId ?? id,
    payload: draft.payload,
  };
  // Optional members are added only when present: JCS would drop undefined anyway, but the
  // returned body should equal what the receiver parses.
  const optional = ['causationId', 'purpose', 'officer', 'subject', 'requestHash'] as const;
  for (const key of optional) {
    if (draft[key] !== undefined) {
      Object.assign(body, { [key]: draft[key] });
    }
  }
  return body;
}

/**
 * Builds the envelope body (sender = the signer's identity, a fresh UUIDv7 id, issued now,
 * expiring after `ttlMs`), serialises it as RFC 8785 canonical JSON and signs exactly those
 * bytes with a detached JWS. The headers repeat id, type and signature for the transport.
 */
export function seal<P>(
  draft: EnvelopeDraft<P>,
  signer: Signer,
  options: SealOptions = {},
): SealedMessage<P> {
  const now = (options.clock ?? (() => new Date()))();
  const body = buildBody(draft, signer.identity, now, options.ttlMs ?? DEFAULT_TTL_MS);
  const bytes = canonicalJson(body);
  const signature = signer.signDetachedJws(bytes, { typ: ENVELOPE_JWS_TYPE });
  return {
    body,
    bytes,
    signature,
    headers: {
      [HEADER_SIGNATURE]: signature,
      [HEADER_TYPE]: body.type,
      [HEADER_MESSAGE_ID]: body.id,
    },
  };
}

/**
 * Seals the answer to a verified request: addressed to the request's sender, in the same
 * conversation (correlationId kept, causationId = request id), with the request's purpose,
 * officer and data subject for the audit trail, and bound to the request bytes by `requestHash`.
 */
export function sealReply<P>(
  request: Pick<VerifiedEnvelope, 'body' | 'bytes'>,
  input: { type: string; payload: P },
  signer: Signer,
  options: SealOptions = {},
): SealedMessage<P> {
  const { body } = request;
  return seal(
    {
      type: input.type,
      payload: input.payload,
      recipient: body.sender,
      correlationId: body.correlationId,
      causationId: body.id,
      purpose: body.purpose,
      officer: body.officer,
      subject: body.subject,
      requestHash: requestHashOf(request.bytes),
    },
    signer,
    options,
  );
}

/** A request that may have failed verification: only what could be read from its bytes. */
export interface UnverifiedRequest {
  body: Partial<Record<keyof EnvelopeBody, unknown>>;
  bytes: Uint8Array;
}

function asParty(value: unknown): Party | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const { member, subsystem } = value as Record<string, unknown>;
  return typeof member === 'string' &&
    MEMBER.test(member) &&
    typeof subsystem === 'string' &&
    SUBSYSTEM.test(subsystem)
    ? { member, subsystem }
    : undefined;
}

function asUuid(value: unknown): string | undefined {
  return typeof value === 'string' && UUID.test(value) ? value : undefined;
}

/** The wire form of an error: its stable code and a caller-safe message (opaque for internal errors). */
export function toErrorPayload(error: AppError, messageId?: string): ErrorPayload {
  const problem = toProblem(error);
  const payload: ErrorPayload = {
    code: problem.code,
    message: problem.detail.slice(0, MAX_ERROR_MESSAGE),
  };
  if (messageId !== undefined) {
    payload.messageId = messageId;
  }
  if (typeof problem.errorId === 'string' && UUID.test(problem.errorId)) {
    payload.errorId = problem.errorId;
  }
  return payload;
}

/**
 * Seals a signed error reply (type `urn:lienthong:bus:error:1`, header `Lt-Error-Code`) to a
 * request, verified or not. For an unverified request the sender, ids and correlation are taken
 * only when well formed; without a readable sender there is nobody to address
 * (ENVELOPE_REPLY_UNADDRESSABLE).
 */
export function sealError(
  request: Pick<VerifiedEnvelope, 'body' | 'bytes'> | UnverifiedRequest,
  error: AppError,
  signer: Signer,
  options: SealOptions = {},
): SealedMessage<ErrorPayload> {
  const recipient = asParty(request.body.sender);
  if (!recipient) {
    throw new EnvelopeError('ENVELOPE_REPLY_UNADDRESSABLE', 'request has no readable sender', {
      cause: error,
    });
  }
  const requestId = asUuid(request.body.id);
  const sealed = seal(
    {
      type: ERROR_SCHEMA_ID,
      payload: toErrorPayload(error, requestId),
      recipient,
      correlationId: asUuid(request.body.correlationId) ?? requestId,
      causationId: requestId,
      requestHash: requestHashOf(request.bytes),
    },
    signer,
    options,
  );
  sealed.headers[HEADER_ERROR_CODE] = sealed.body.payload.code;
  return sealed;
}

/**
 * Reads a body WITHOUT verifying it, only to address an error reply to a message that failed
 * verification. Never use the result for anything else.
 */
export function peekUnverifiedBody(
  bytes: Uint8Array,
  maxBytes: number = DEFAULT_MAX_BYTES,
): UnverifiedRequest['body'] {
  if (bytes.length > maxBytes) {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
