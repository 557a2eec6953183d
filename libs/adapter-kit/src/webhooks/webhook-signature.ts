import { createHash } from 'node:crypto';
import { httpbis, type Algorithm } from 'http-message-signatures';
import type { Signer, SigningAlgorithm } from '@lienthong/pki';

/** Header carrying the delivery id (the same at every attempt): the receiver dedupes on it. */
export const DELIVERY_ID_HEADER = 'lt-delivery-id';
/** Header carrying the delivery's topic. */
export const TOPIC_HEADER = 'lt-topic';
/** `tag` parameter of every webhook signature: a receiver refuses a signature made for another use. */
export const WEBHOOK_SIGNATURE_TAG = 'lienthong-webhook';
/**
 * What each signature covers (RFC 9421 §2): the method and full target URI (a delivery cannot be
 * replayed to another receiver or path), the body through its digest (RFC 9530), its type, and
 * the delivery id and topic.
 */
export const WEBHOOK_SIGNED_FIELDS = [
  '@method',
  '@target-uri',
  'content-type',
  'content-digest',
  DELIVERY_ID_HEADER,
  TOPIC_HEADER,
] as const;

// RFC 9421 §3.3 names of the bus's JWS algorithms. ES256 signatures are already r||s (IEEE P1363),
// which is what ecdsa-p256-sha256 specifies; PS256 has no registered RFC 9421 name (only
// rsa-pss-sha512), so an agency signing with PS256 cannot push webhooks.
const RFC9421_ALGORITHM: Partial<Record<SigningAlgorithm, Algorithm>> = {
  ES256: 'ecdsa-p256-sha256',
  EdDSA: 'ed25519',
  RS256: 'rsa-v1_5-sha256',
};

/** RFC 9530 `Content-Digest` of `body` with SHA-256. */
export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/** One signed POST, ready for fetch. */
export interface SignedWebhookRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/**
 * Signs a delivery POST with the adapter's own key (the one that signs its bus messages), as HTTP
 * Message Signatures (RFC 9421): `keyid` = the signing certificate's thumbprint (base64url SHA-256
 * of its DER, as the bus's JWS `kid`), `created` now, `expires` five minutes later. The receiver
 * verifies it with that certificate, which it checks against the bus CA.
 */
export async function signWebhookRequest(
  signer: Signer,
  input: { url: string; deliveryId: string; topic: string; body: Uint8Array; now?: Date },
): Promise<SignedWebhookRequest> {
  const alg = RFC9421_ALGORITHM[signer.alg];
  if (!alg) {
    throw new Error(`webhooks cannot be signed with ${signer.alg} (no RFC 9421 algorithm)`);
  }
  const created = input.now ?? new Date();
  const signed = await httpbis.signMessage(
    {
      key: { id: signer.kid, alg, sign: (data) => Promise.resolve(signer.sign(data)) },
      name: 'lt',
      fields: [...WEBHOOK_SIGNED_FIELDS],
      params: ['keyid', 'alg', 'created', 'expires', 'tag'],
      paramValues: {
        created,
        expires: new Date(created.getTime() + 5 * 60_000),
        tag: WEBHOOK_SIGNATURE_TAG,
      },
    },
    {
      method: 'POST',
      url: input.url,
      headers: {
        'content-type': 'application/json',
        'content-digest': contentDigest(input.body),
        [DELIVERY_ID_HEADER]: input.deliveryId,
        [TOPIC_HEADER]: input.topic,
      },
    },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { url: input.url, headers };
}
