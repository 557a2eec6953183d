/**
 * The bus exchange through which a witness asks the log for a consistency proof it was not sent
 * (docs/protocol.md, "Checkpoints and witnesses"): a signed request to AUDIT/log on
 * `<root>.req.AUDIT.log.consistency-proof`, answered with a signed reply. The answer proves
 * nothing by itself: the witness checks it with `verifyConsistency` against the root it
 * cosigned and the root of the signed checkpoint it is judging.
 */

/** Service code of the exchange on AUDIT/log (a request subject token). */
export const CONSISTENCY_PROOF_SERVICE = 'consistency-proof';

/** Message type of the request (schemas/audit/consistency-proof-request/v1). */
export const CONSISTENCY_PROOF_REQUEST_TYPE = 'urn:lienthong:audit:consistency-proof-request:1';

/** Message type of the answer (schemas/audit/consistency-proof-response/v1). */
export const CONSISTENCY_PROOF_RESPONSE_TYPE = 'urn:lienthong:audit:consistency-proof-response:1';

/** Payload of a consistency-proof request. */
export interface ConsistencyProofRequest {
  readonly origin: string;
  readonly fromSize: number;
  readonly toSize: number;
}

/** Payload of a consistency-proof answer: base64 hashes from `fromSize` to `toSize`. */
export interface ConsistencyProofResponse extends ConsistencyProofRequest {
  readonly proof: readonly string[];
}
