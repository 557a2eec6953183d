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
export { MemoryTree, type SubtreeStore } from './memory-tree';
export {
  TransparencyError,
  TransparencyErrorCode,
  type TransparencyErrorCodeName,
} from './transparency.errors';
