// Migrations live in src/migrations/ by convention (G14); this list is the one place that reaches them.
import { CreateAuditLog1795408515800 } from '../migrations/1795408515800-create-audit-log';
import { IndexAuditRecordSearch1795900000020 } from '../migrations/1795900000020-index-audit-record-search';
import { CreateAuditCheckpointPublished1796100000020 } from '../migrations/1796100000020-create-audit-checkpoint-published';
import { AuditCheckpointRow } from './audit-checkpoint.entity';
import { AuditRecordRow } from './audit-record.entity';
import { AuditTreeNodeRow } from './audit-tree-node.entity';

/** Default PostgreSQL schema of the audit log; tests pass a schema of their own. */
export const AUDIT_SCHEMA = 'audit';

/** Every entity of the audit log, for the app's data source. */
export const AUDIT_LOG_ENTITIES = [AuditRecordRow, AuditTreeNodeRow, AuditCheckpointRow] as const;

/** The audit log's migrations, oldest first. */
export const AUDIT_LOG_MIGRATIONS = [
  CreateAuditLog1795408515800,
  IndexAuditRecordSearch1795900000020,
  CreateAuditCheckpointPublished1796100000020,
] as const;
