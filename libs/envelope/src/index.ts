export { canonicalJson, canonicalText } from './canonical-json';
export {
  decodeConfigurationRecord,
  encodeConfigurationRecord,
  type SignedConfiguration,
} from './configuration-record';
export {
  EnvelopeVerifier,
  type EnvelopeExpectations,
  type EnvelopeVerifierDeps,
  type ExpectedRequest,
} from './envelope-verifier';
export {
  BUS_ALGORITHMS,
  CONFIGURATION_JWS_TYPE,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LIFETIME_MS,
  DEFAULT_TTL_MS,
  ENVELOPE_JWS_TYPE,
  ENVELOPE_SCHEMA_ID,
  ENVELOPE_VERSION,
  ERROR_SCHEMA_ID,
  GLOBAL_CONFIGURATION_SCHEMA_ID,
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
  CONFIGURATION_SIGNER,
  signGlobalConfiguration,
  verifyConfigurationDocument,
  type AccessRight,
  type BusSettings,
  type EventRight,
  type GlobalConfiguration,
  type MemberDef,
  type OpenConfigurationInput,
  type RevocationEntry,
  type ServiceDef,
} from './global-configuration';
export {
  GlobalConfigurationError,
  GlobalConfigurationErrorCode,
} from './global-configuration.errors';
export {
  ConfigurationTrustStore,
  suspensionApplies,
  type MemberSuspension,
} from './member-suspensions';
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
export { VerifiedConfiguration } from './verified-configuration';
