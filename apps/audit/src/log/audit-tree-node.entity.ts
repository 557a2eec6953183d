import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Hash of one complete subtree of level ≥ 1 (level 0 is `audit_record.leaf_hash`). Written once
 * when the append that completes the subtree commits; any root or proof reads O(log n) of them.
 */
@Entity({ name: 'audit_tree_node' })
export class AuditTreeNodeRow {
  @PrimaryColumn({ type: 'smallint' })
  level!: number;

  @PrimaryColumn({ name: 'idx', type: 'bigint' })
  index!: string;

  @Column({ type: 'bytea' })
  hash!: Buffer;
}
