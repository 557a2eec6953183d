import { canonicalJson } from '@lienthong/pki';
import { GlobalConfigurationError } from './global-configuration.errors';

/** A signed configuration: the exact canonical bytes and their detached JWS. */
export interface SignedConfiguration {
  bytes: Buffer;
  signature: string;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The KV value under key `global`: canonical JSON `{"payload":"<base64url bytes>","signature":"<jws>"}`.
 * The bytes travel base64url-encoded so that no JSON layer can re-serialise them.
 */
export function encodeConfigurationRecord(signed: SignedConfiguration): Uint8Array {
  return canonicalJson({
    payload: signed.bytes.toString('base64url'),
    signature: signed.signature,
  });
}

/** Reverses {@link encodeConfigurationRecord}; CONFIG_RECORD_MALFORMED for anything else. */
export function decodeConfigurationRecord(value: Uint8Array): SignedConfiguration {
  let record: unknown;
  try {
    record = JSON.parse(Buffer.from(value).toString('utf8'));
  } catch (error) {
    throw new GlobalConfigurationError('CONFIG_RECORD_MALFORMED', 'record is not JSON', {
      cause: error,
    });
  }
  const { payload, signature } = (record ?? {}) as Record<string, unknown>;
  if (
    typeof payload !== 'string' ||
    !BASE64URL.test(payload) ||
    payload.length === 0 ||
    typeof signature !== 'string' ||
    signature.length === 0
  ) {
    throw new GlobalConfigurationError(
      'CONFIG_RECORD_MALFORMED',
      'record is not {payload: base64url, signature: string}',
    );
  }
  return { bytes: Buffer.from(payload, 'base64url'), signature };
}
