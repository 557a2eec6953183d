/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * A witness asks AUDIT/log (service code consistency-proof) for the RFC 9162 consistency proof between two sizes of its log: from the checkpoint the witness last cosigned to a checkpoint that came without a proof from it (for example after the audit service restarted with a checkpoint it never published). The witness verifies the proof against the two signed roots itself; the answer is never trusted without that check.
 */
export interface ConsistencyProofRequestV1 {
  /**
   * Origin line of the log, as in its checkpoints.
   */
  origin: string;
  /**
   * Size of the checkpoint the witness last cosigned.
   */
  fromSize: number;
  /**
   * Size of the checkpoint to be proven an extension of it.
   */
  toSize: number;
}
