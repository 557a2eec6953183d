import { createHash } from 'node:crypto';

/** base64url (no padding) SHA-256 of the exact request bytes: binds a reply to its request. */
export function requestHashOf(requestBytes: Uint8Array): string {
  return createHash('sha256').update(requestBytes).digest('base64url');
}
