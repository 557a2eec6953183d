/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * AUDIT/log's answer to a consistency-proof request: the RFC 9162 §2.1.4 proof that the tree of fromSize records is a prefix of the tree of toSize records. It proves something only to whoever verifies it against the roots of two checkpoints signed by AUDIT/log (verifyConsistency of libs/transparency).
 */
export interface ConsistencyProofResponseV1 {
  /**
   * Origin line of the log, as in its checkpoints.
   */
  origin: string;
  fromSize: number;
  toSize: number;
  /**
   * base64 SHA-256 hashes from fromSize to toSize.
   *
   * @maxItems 128
   */
  proof: string[];
}
