import type { AgencyDefinition, DataSource } from '@lienthong/adapter-kit';
import { DATA_SOURCE } from '@lienthong/persistence';
import type { AuditConfig } from './audit.config';
import {
  AUDIT_CONFIG,
  AUDIT_LOG_STORE,
  AUDIT_RECORD_QUERIES,
  AUDIT_TOKEN_VERIFIER,
} from './audit.constants';
import { AuditAuthGuard } from './auth/audit-auth.guard';
import { AuditTokenVerifier } from './auth/audit-token.verifier';
import { AuditMetrics } from './checkpoints/audit-metrics';
import { CheckpointService } from './checkpoints/checkpoint.service';
import { CheckpointsController } from './checkpoints/checkpoints.controller';
import { LogHealthController } from './checkpoints/log-health.controller';
import { ConsistencyProofServer } from './checkpoints/consistency-proof.server';
import { EvidenceController } from './evidence/evidence.controller';
import { AuditIngestService } from './ingest/audit-ingest.service';
import { AUDIT_LOG_ENTITIES, AUDIT_LOG_MIGRATIONS, AUDIT_SCHEMA } from './log/audit-log.entities';
import { AuditLogStore } from './log/audit-log.store';
import { AuditRecordQueries } from './queries/audit-record.queries';
import { AuditQueryInterceptor } from './query-log/audit-query.interceptor';
import { AuditQueryRecorder } from './query-log/audit-query.recorder';
import { LineageGraphController } from './queries/lineage-graph.controller';
import { LineageController } from './queries/lineage.controller';
import { RecordsController } from './queries/records.controller';
import { SubjectAccessesController } from './queries/subject-accesses.controller';
import { StatisticsController } from './statistics/statistics.controller';
import { CreateAuditCosignature1795800000001 } from './migrations/1795800000001-create-audit-cosignature';
import { IndexAuditCosignatureWitness1796200000002 } from './migrations/1796200000002-index-audit-cosignature-witness';
import { COSIGNATURE_STORE, CosignatureIngest } from './witness/cosignature-ingest.service';
import { CosignatureStore } from './witness/cosignature.store';

/**
 * The audit service (AUDIT/log) as an app of the adapter kit: no look-ups and no officer API, its
 * own log schema, the LT_AUDIT consumer, checkpoints, and the auditor and citizen HTTP API.
 * `schema` is for tests, which each use a schema of their own.
 */
export function auditAgency(config: AuditConfig, schema: string = AUDIT_SCHEMA): AgencyDefinition {
  return {
    member: 'AUDIT',
    subsystem: 'log',
    title: 'Audit service (tamper-evident log, lineage, citizen transparency)',
    schema,
    entities: AUDIT_LOG_ENTITIES,
    migrations: [
      ...AUDIT_LOG_MIGRATIONS,
      CreateAuditCosignature1795800000001,
      IndexAuditCosignatureWitness1796200000002,
    ],
    lookupHandlers: [],
    consumerApi: false,
    controllers: [
      LineageGraphController,
      LineageController,
      RecordsController,
      SubjectAccessesController,
      EvidenceController,
      CheckpointsController,
      LogHealthController,
      StatisticsController,
    ],
    providers: [
      { provide: AUDIT_CONFIG, useValue: config },
      {
        provide: AUDIT_TOKEN_VERIFIER,
        useFactory: () => AuditTokenVerifier.fromFiles(config.tokens),
      },
      {
        provide: AUDIT_LOG_STORE,
        useFactory: (dataSource: DataSource) =>
          new AuditLogStore(dataSource, { origin: config.origin }),
        inject: [DATA_SOURCE],
      },
      {
        provide: AUDIT_RECORD_QUERIES,
        useFactory: (dataSource: DataSource) => new AuditRecordQueries(dataSource),
        inject: [DATA_SOURCE],
      },
      {
        provide: COSIGNATURE_STORE,
        useFactory: (dataSource: DataSource) => new CosignatureStore(dataSource),
        inject: [DATA_SOURCE],
      },
      CosignatureIngest,
      AuditQueryRecorder,
      AuditQueryInterceptor,
      AuditAuthGuard,
      AuditIngestService,
      AuditMetrics,
      CheckpointService,
      ConsistencyProofServer,
    ],
  };
}
