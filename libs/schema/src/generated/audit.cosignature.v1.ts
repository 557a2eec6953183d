/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * An agency adapter's statement, published on its own audit subject, that it verified a checkpoint of the audit log and found it consistent with every earlier checkpoint it witnessed (C2SP tlog-witness). The signature is a raw signature by the witness's bus certificate (thumbprint kid) over the lines 'lienthong-cosignature/v1', origin, size, root, checkpointDigest and time, each ending in a newline; verify it with verifyCosignature of libs/transparency.
 */
export interface CosignatureV1 {
  /**
   * Origin line of the cosigned checkpoint.
   */
  origin: string;
  size: number;
  /**
   * base64 root hash of the cosigned checkpoint.
   */
  root: string;
  /**
   * sha-256 of the checkpoint's raw signature bytes, base64url: binds the cosignature to one signed checkpoint.
   */
  checkpointDigest: string;
  time: string;
  alg: 'ES256' | 'EdDSA' | 'RS256' | 'PS256';
  /**
   * base64url SHA-256 thumbprint of the witness's signing certificate.
   */
  kid: string;
  /**
   * base64 of the raw signature (ES256: IEEE P1363 r||s).
   */
  signature: string;
}
