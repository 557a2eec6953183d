export {
  AUDIT_QUERY_SUBJECTS_MAX,
  AUDIT_QUERY_TYPE,
  canonicalEntry,
  parseAuditLogEntry,
  parseAuditRecord,
  parseCanonicalEntry,
  subjectRef,
  type AuditLogEntry,
  type AuditOutcome,
  type AuditParty,
  type AuditPurpose,
  type AuditQuery,
  type AuditQueryRole,
  type AuditRecord,
} from './audit-record';
export {
  AUDIT_LOG_IDENTITY,
  checkpointBody,
  parseCheckpointBody,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
  type CheckpointSigner,
  type SignedCheckpoint,
} from './checkpoint';
export {
  CONSISTENCY_PROOF_REQUEST_TYPE,
  CONSISTENCY_PROOF_RESPONSE_TYPE,
  CONSISTENCY_PROOF_SERVICE,
  type ConsistencyProofRequest,
  type ConsistencyProofResponse,
} from './consistency-proof-exchange';
export {
  assertCosignatureShape,
  checkpointDigest,
  cosignatureBody,
  signCosignature,
  verifyCosignature,
  verifyCosignatures,
  type Cosignature,
  type CosignatureReport,
  type VerifiedCosignature,
} from './cosignature';
export {
  EVIDENCE_FORMAT,
  assertEvidenceShape,
  buildEvidence,
  verifyEvidence,
  verifyEvidenceWithKeys,
  type EvidenceBundle,
  type EvidenceOptions,
  type EvidenceReport,
} from './evidence';
export { MemoryTree, type SubtreeStore } from './memory-tree';
export {
  HASH_SIZE,
  MerkleFrontier,
  emptyRoot,
  frontierNodes,
  hashRange,
  leafHash,
  nodeHash,
  rangeNodes,
  rootAt,
  rootFromLeaves,
  splitPoint,
  type GetNode,
  type NodeId,
  type TreeNode,
} from './merkle';
export {
  consistencyProof,
  consistencyRanges,
  inclusionProof,
  inclusionRanges,
  nodesForRanges,
  verifyConsistency,
  verifyInclusion,
  type LeafRange,
} from './merkle-proof';
export { AuditLogError, AuditLogErrorCode, type AuditLogErrorCodeName } from './audit-log.errors';
export {
  verifyLog,
  type ExportedEntry,
  type LogTrust,
  type LogWitnessOptions,
  type LogVerificationReport,
} from './verify-log';
