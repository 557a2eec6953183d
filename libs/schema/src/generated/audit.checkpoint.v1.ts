/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * A signed checkpoint of the audit log, published by AUDIT/log on LT_AUDIT so that agencies can keep it (witnesses). The body is the exact signed text: origin, tree size, base64 root hash and RFC 3339 time, each line ending in a newline. The signature is a raw signature over the UTF-8 body by the AUDIT/log certificate whose SHA-256 thumbprint is kid; verify it with verifyCheckpoint of libs/transparency. Since witnesses exist the message also carries consistency: the proof (RFC 9162 §2.1.4) from the previous checkpoint published (fromSize) to this one, so a witness that saw every checkpoint in order checks that the log only grew without asking the audit service; absent on a log's first checkpoint and in checkpoints published before.
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
  consistency?: {
    /**
     * Size of the previous published checkpoint.
     */
    fromSize: number;
    /**
     * base64 SHA-256 hashes from fromSize to the size of this checkpoint.
     *
     * @maxItems 128
     */
    proof: string[];
  };
}
