import type { SigningAlgorithm } from '@lienthong/pki';

/** Protocol version carried in `v`. */
export const ENVELOPE_VERSION = 1;

/** JWS `typ` of bus messages (RFC 8725 §3.11 explicit typing). */
export const ENVELOPE_JWS_TYPE = 'lt-msg+jws';

/** Schema of the envelope body. */
export const ENVELOPE_SCHEMA_ID = 'urn:lienthong:bus:envelope:1';
/** Schema (and message type) of signed error replies. */
export const ERROR_SCHEMA_ID = 'urn:lienthong:bus:error:1';
/** Message types of the liveness service every adapter serves. */
export const PING_REQUEST_TYPE = 'urn:lienthong:bus:ping-request:1';
/** @see PING_REQUEST_TYPE */
export const PING_RESPONSE_TYPE = 'urn:lienthong:bus:ping-response:1';

/** Transport header names (docs/architecture.md, Headers). Hints only: the body is the truth. */
export const HEADER_SIGNATURE = 'Lt-Signature';
/** @see HEADER_SIGNATURE */
export const HEADER_TYPE = 'Lt-Type';
/** JetStream de-duplication id; equals the envelope id. */
export const HEADER_MESSAGE_ID = 'Nats-Msg-Id';
/** @see HEADER_SIGNATURE */
export const HEADER_ERROR_CODE = 'Lt-Error-Code';

/** Default lifetime of a sealed message: long enough for a look-up round trip and retries. */
export const DEFAULT_TTL_MS = 60_000;
/** Default size limit of a body: NATS's default max_payload (1 MiB). */
export const DEFAULT_MAX_BYTES = 1024 * 1024;
/** Default tolerated clock difference between agencies. */
export const DEFAULT_CLOCK_SKEW_MS = 30_000;
/** Default longest accepted lifetime (events may wait in a stream, look-ups expire in seconds). */
export const DEFAULT_MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * JWS algorithms accepted on the bus (docs/protocol.md §4): ES256/EdDSA for bus keys,
 * RS256/PS256 for agencies whose government-CA keys are RSA. Never `none`, never HMAC.
 */
export const BUS_ALGORITHMS: readonly SigningAlgorithm[] = Object.freeze([
  'ES256',
  'EdDSA',
  'RS256',
  'PS256',
]);
