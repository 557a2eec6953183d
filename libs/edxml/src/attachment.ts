import { createHash, timingSafeEqual } from 'node:crypto';
import { EdxmlError } from './edxml.errors';
import type { EdxmlManifestEntry } from './edxml.types';

/**
 * Checks out-of-band attachment bytes (object store) against their entry in a verified
 * manifest: same size and same SHA-256. Throws EDXML_ATTACHMENT_DIGEST_MISMATCH otherwise.
 */
export function verifyAttachment(
  entry: Pick<EdxmlManifestEntry, 'contentId' | 'size' | 'sha256'>,
  bytes: Uint8Array,
): void {
  const actual = createHash('sha256').update(bytes).digest();
  const expected = Buffer.from(entry.sha256, 'hex');
  const same = expected.byteLength === actual.byteLength && timingSafeEqual(expected, actual);
  if (!same || bytes.byteLength !== entry.size) {
    throw new EdxmlError(
      'EDXML_ATTACHMENT_DIGEST_MISMATCH',
      `attachment ${entry.contentId} does not match its manifest digest`,
      {
        details: { contentId: entry.contentId },
      },
    );
  }
}
