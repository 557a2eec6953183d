import { X509Certificate, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';

/**
 * The naive signed look-up of docs/performance.md (i.e2e): sign → NATS request → verify → map look-up
 * → sign → verify, with ECDSA P-256 on node:crypto (DER signatures on the bare KeyObject), JSON bodies and no framework, no schema, no audit.
 * It is the ceiling the full path is compared with, on the same keys and the same NATS.
 */
export const SIGNATURE_HEADER = 'Bench-Signature';

/** Key material of one side of the naive pipeline, read from the adapters' own files. */
export interface CeilingKeys {
  readonly privateKey: KeyObject;
  readonly peerPublicKey: KeyObject;
}

/** Loads this side's private key (PKCS#8 PEM) and the peer's public key (its certificate). */
export function loadCeilingKeys(keyFile: string, peerCertFile: string): CeilingKeys {
  return {
    privateKey: createPrivateKey(readFileSync(keyFile, 'utf8')),
    peerPublicKey: new X509Certificate(readFileSync(peerCertFile, 'utf8')).publicKey,
  };
}

/**
 * ECDSA P-256/SHA-256 signature of `data` (DER), base64url. The bare KeyObject, not an options
 * object: `{ key, dsaEncoding }` runs at half the rate on Node 24, and a ceiling must not be
 * slower than it needs to be (the bus converts to JWS's r‖s itself, libs/pki).
 */
export function signBytes(key: KeyObject, data: Uint8Array): string {
  return sign('sha256', data, key).toString('base64url');
}

/** Whether `signature` is the peer's signature of `data` (as {@link signBytes} makes them). */
export function verifyBytes(
  key: KeyObject,
  data: Uint8Array,
  signature: string | undefined,
): boolean {
  return (
    signature !== undefined && verify('sha256', data, key, Buffer.from(signature, 'base64url'))
  );
}

/**
 * Serves the naive look-up on `subject` until the connection closes: verify the request, find the
 * record in `records`, sign the JSON answer.
 */
export function serveCeiling(
  nc: NatsConnection,
  subject: string,
  keys: CeilingKeys,
  records: ReadonlyMap<string, unknown>,
): void {
  nc.subscribe(subject, {
    callback: (error, msg) => {
      if (error) {
        return;
      }
      const signature = msg.headers?.get(SIGNATURE_HEADER);
      if (!verifyBytes(keys.peerPublicKey, msg.data, signature)) {
        msg.respond(new Uint8Array(0));
        return;
      }
      const query = JSON.parse(Buffer.from(msg.data).toString('utf8')) as {
        id: string;
        personalId: string;
      };
      const record = records.get(query.personalId);
      const body = Buffer.from(
        JSON.stringify({
          requestId: query.id,
          status: record ? 'FOUND' : 'NOT_FOUND',
          ...(record ? { record } : {}),
        }),
      );
      const h = natsHeaders();
      h.set(SIGNATURE_HEADER, signBytes(keys.privateKey, body));
      msg.respond(body, { headers: h });
    },
  });
}

/** One naive look-up from the consumer side; rejects when the answer does not verify. */
export async function ceilingLookup(
  nc: NatsConnection,
  subject: string,
  keys: CeilingKeys,
  personalId: string,
  sequence: number,
): Promise<void> {
  const body = Buffer.from(
    JSON.stringify({
      id: `bench-${sequence}`,
      personalId,
      purpose: { procedure: 'KHAI-SINH-LT', legalBasis: 'bench', caseId: 'bench' },
    }),
  );
  const h = natsHeaders();
  h.set(SIGNATURE_HEADER, signBytes(keys.privateKey, body));
  const reply = await nc.request(subject, body, { timeout: 5000, headers: h });
  if (!verifyBytes(keys.peerPublicKey, reply.data, reply.headers?.get(SIGNATURE_HEADER))) {
    throw new Error('ceiling reply did not verify');
  }
  const answer = JSON.parse(Buffer.from(reply.data).toString('utf8')) as { requestId?: string };
  if (answer.requestId !== `bench-${sequence}`) {
    throw new Error('ceiling reply answers another request');
  }
}
