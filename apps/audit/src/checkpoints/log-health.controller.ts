import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { BusRuntime } from '@lienthong/adapter-kit';
import { DATA_SOURCE } from '@lienthong/persistence';
import type { AuditConfig } from '../audit.config';
import { AUDIT_CONFIG, AUDIT_LOG_STORE } from '../audit.constants';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import type { AuditLogStore } from '../log/audit-log.store';
import { type LogHealth, LogHealthReader } from './log-health';

/** Members that run the log and the registry rather than witness it. */
const NOT_WITNESSES = new Set(['AUDIT', 'TRUST']);

/**
 * The log's health for its auditors and operators: the latest checkpoint and its age, its
 * cosigners, each witness's last cosignature, and the witnesses' alarms (rollback, fork,
 * unproven consistency, bad checkpoint) with their time. Sizes, hashes and agency codes only.
 */
@ApiTags('checkpoints')
@ApiBearerAuth()
@Controller('v1/log/health')
@UseGuards(AuditAuthGuard)
@AuditRoles('auditor', 'operator')
export class LogHealthController {
  private readonly reader: LogHealthReader;

  constructor(
    runtime: BusRuntime,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(AUDIT_LOG_STORE) store: AuditLogStore,
    @Inject(AUDIT_CONFIG) config: AuditConfig,
  ) {
    this.reader = new LogHealthReader({
      dataSource,
      nats: () => runtime.nats,
      namespace: runtime.namespace,
      witnesses: () =>
        runtime.configuration
          .current()
          .config.members.filter((m) => !NOT_WITNESSES.has(m.code))
          .flatMap((m) => m.subsystems.map((s) => ({ member: m.code, subsystem: s.code }))),
      latest: () => store.latestCheckpoint(),
      // a witness has two checkpoint intervals (and a little) to cosign
      graceMs: config.checkpointIntervalMs * 2 + 5_000,
    });
  }

  @Get()
  @ApiOperation({ summary: 'Latest checkpoint, cosigners, witnesses and their alarms' })
  health(): Promise<LogHealth> {
    return this.reader.read();
  }
}
