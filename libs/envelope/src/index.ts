export {
  EnvelopeVerifier,
  type EnvelopeExpectations,
  type EnvelopeVerifierDeps,
  type ExpectedRequest,
} from './envelope-verifier';
export {
  BUS_ALGORITHMS,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LIFETIME_MS,
  DEFAULT_TTL_MS,
  ENVELOPE_JWS_TYPE,
  ENVELOPE_SCHEMA_ID,
  ENVELOPE_VERSION,
  ERROR_SCHEMA_ID,
  HEADER_ERROR_CODE,
  HEADER_MESSAGE_ID,
  HEADER_SIGNATURE,
  HEADER_TYPE,
  PING_REQUEST_TYPE,
  PING_RESPONSE_TYPE,
} from './envelope.constants';
export { EnvelopeError, EnvelopeErrorCode } from './envelope.errors';
export type {
  DataSubject,
  EnvelopeBody,
  EnvelopeDraft,
  ErrorPayload,
  Officer,
  Party,
  Purpose,
  SealOptions,
  SealedMessage,
  VerifiedEnvelope,
} from './envelope.types';
export {
  ACCEPT_REDELIVERIES,
  MemoryReplayGuard,
  type MemoryReplayGuardOptions,
  type ReplayGuard,
} from './replay-guard';
export { requestHashOf } from './request-hash';
export {
  peekUnverifiedBody,
  seal,
  sealError,
  sealReply,
  toErrorPayload,
  type UnverifiedRequest,
} from './seal';
