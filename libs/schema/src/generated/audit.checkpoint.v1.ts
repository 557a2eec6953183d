/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * A signed checkpoint of the audit log, published by AUDIT/log on LT_AUDIT so that agencies can keep it (witnesses). The body is the exact signed text: origin, tree size, base64 root hash and RFC 3339 time, each line ending in a newline. The signature is a raw signature over the UTF-8 body by the AUDIT/log certificate whose SHA-256 thumbprint is kid; verify it with verifyCheckpoint of libs/transparency.
 */
export interface CheckpointV1 {
  body: string;
  alg: 'ES256' | 'EdDSA' | 'RS256' | 'PS256';
  /**
   * base64url SHA-256 thumbprint of the AUDIT/log signing certificate.
   */
  kid: string;
  /**
   * base64 of the raw signature (ES256: IEEE P1363 r||s).
   */
  signature: string;
}
