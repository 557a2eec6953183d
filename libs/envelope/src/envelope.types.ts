import type { CertificateInfo } from '@lienthong/pki';

/** A member and one of its subsystems: who sends and who receives. */
export interface Party {
  member: string;
  subsystem: string;
}

/** Why data is processed: procedure (TTHC) code, legal basis and case or dossier id. */
export interface Purpose {
  procedure: string;
  legalBasis: string;
  caseId: string;
}

/** The acting official, as known to the sending agency. */
export interface Officer {
  id: string;
  role?: string;
  unit?: string;
}

/** The person or enterprise a message is about. */
export interface DataSubject {
  scheme: 'personal-id' | 'enterprise-code' | 'social-insurance-number';
  id: string;
}

/**
 * The signed body of every bus message (schema `urn:lienthong:bus:envelope:1`). Every routing and
 * trust fact lives here; transport headers are only hints that must agree with it.
 */
export interface EnvelopeBody<P = unknown> {
  v: 1;
  /** UUIDv7. */
  id: string;
  /** The payload schema `$id`. */
  type: string;
  sender: Party;
  recipient: Party;
  /** RFC 3339 UTC with milliseconds. */
  issuedAt: string;
  /** RFC 3339 UTC with milliseconds. */
  expiresAt: string;
  correlationId: string;
  causationId?: string;
  purpose?: Purpose;
  officer?: Officer;
  subject?: DataSubject;
  /** base64url SHA-256 of the request bytes, on replies. */
  requestHash?: string;
  payload: P;
}

/**
 * What a sender provides to {@link seal}: the body without the fields seal fills in.
 * `id`, `issuedAt`, `expiresAt` and `correlationId` may be given (tests, re-sends); `v` never.
 */
export interface EnvelopeDraft<P = unknown> {
  type: string;
  recipient: Party;
  payload: P;
  id?: string;
  issuedAt?: string;
  expiresAt?: string;
  correlationId?: string;
  causationId?: string;
  purpose?: Purpose;
  officer?: Officer;
  subject?: DataSubject;
  requestHash?: string;
}

/** A sealed message, ready to publish: the exact bytes, their detached JWS and the headers. */
export interface SealedMessage<P = unknown> {
  body: EnvelopeBody<P>;
  bytes: Buffer;
  signature: string;
  headers: Record<string, string>;
}

/** A message that passed every check of {@link EnvelopeVerifier.open}. */
export interface VerifiedEnvelope<P = unknown> {
  body: EnvelopeBody<P>;
  bytes: Buffer;
  signature: string;
  /** The sender's certificate, resolved from the signature `kid`. */
  certificate: CertificateInfo;
}

/** Payload of a signed error reply (schema `urn:lienthong:bus:error:1`). */
export interface ErrorPayload {
  code: string;
  message: string;
  messageId?: string;
  errorId?: string;
}

/** Options of the seal functions. */
export interface SealOptions {
  /** Time source; default `() => new Date()`. */
  clock?: () => Date;
  /** Lifetime of the message; default {@link DEFAULT_TTL_MS}. */
  ttlMs?: number;
}
