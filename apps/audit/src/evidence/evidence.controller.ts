import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  Controller,
  Get,
  Inject,
  Param,
  Query,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BusRuntime } from '@lienthong/adapter-kit';
import { isAppError } from '@lienthong/errors';
import type { EvidenceBundle } from '@lienthong/audit-log';
import type { AuditConfig } from '../audit.config';
import { AUDIT_CONFIG, AUDIT_LOG_STORE, AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import { CheckpointService } from '../checkpoints/checkpoint.service';
import type { AuditLogStore } from '../log/audit-log.store';
import type { AuditRecordQueries } from '../queries/audit-record.queries';
import { singleParam, uuidParam } from '../queries/query-params';
import { AuditQueryInterceptor } from '../query-log/audit-query.interceptor';
import type { AuditedQueryCall } from '../query-log/audit-query.recorder';
import { AUDITED_QUERIES, AuditedQuery, QueryCall } from '../query-log/audited-query';
import { COSIGNATURE_STORE } from '../witness/cosignature-ingest.service';
import type { CosignatureStore } from '../witness/cosignature.store';
import { LOG_EXPORT_FORMAT, type LogExport, LogExporter } from './log-export';

export { LOG_EXPORT_FORMAT, type LogExport };

/** The evidence bundles of every record about one message. */
export interface MessageEvidence {
  readonly messageId: string;
  readonly bundles: EvidenceBundle[];
}

/** Offline-verifiable material for auditors: evidence bundles and whole-log exports. */
@ApiTags('evidence')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(AuditAuthGuard)
@UseInterceptors(AuditQueryInterceptor)
@AuditRoles('auditor', 'operator')
export class EvidenceController {
  private readonly exporter: LogExporter;

  constructor(
    private readonly runtime: BusRuntime,
    private readonly checkpoints: CheckpointService,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
    @Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries,
    @Inject(COSIGNATURE_STORE) private readonly cosignatures: CosignatureStore,
    @Inject(AUDIT_CONFIG) config: AuditConfig,
  ) {
    this.exporter = new LogExporter(
      store,
      cosignatures,
      () => this.certificates(),
      config.exportPageSize,
    );
  }

  @Get('evidence/:messageId')
  @AuditedQuery(AUDITED_QUERIES.evidence)
  @ApiOperation({ summary: 'Evidence bundles (record, inclusion proof, checkpoint, certificates)' })
  async evidence(
    @Param('messageId') messageId: string,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<MessageEvidence> {
    const records = await this.queries.byMessage(uuidParam('messageId', messageId));
    if (records.length === 0) {
      throw new AuditError('AUDIT_MESSAGE_NOT_FOUND', `no record is about message ${messageId}`);
    }
    const bundles: EvidenceBundle[] = [];
    for (const { record } of records) {
      bundles.push(await this.bundle(record.recordId));
    }
    call?.disclosed(records);
    return { messageId, bundles };
  }

  /**
   * Streams the export document ({@link LogExport}) page by page, with backpressure: the next
   * page is read only when the client has taken the previous one. The query's record (the range
   * and its size) is committed before the first byte. A failure after that can no longer become
   * a problem response: the connection is cut, so the client gets invalid JSON, never a shorter
   * document that looks whole.
   */
  @Get('log/export')
  @AuditedQuery(AUDITED_QUERIES.export)
  @ApiOperation({ summary: 'Entries and checkpoints for offline verification with verifyLog' })
  @ApiProduces('application/json')
  @ApiQuery({ name: 'from', required: false, description: 'first leaf, default 0' })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'end leaf (exclusive), default: checkpoint',
  })
  async exportLog(
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<void> {
    const range = await this.exporter.range(singleParam(query, 'from'), singleParam(query, 'to'));
    call?.filter('from', String(range.from));
    call?.filter('to', String(range.to));
    call?.count(range.to - range.from);
    await call?.accepted();
    response.status(200).type('application/json').setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(Readable.from(this.exporter.document(range), { objectMode: false }), response);
    } catch (error) {
      this.runtime.logger.warn({ err: error, ...range }, 'log export cut before its end');
    }
  }

  /**
   * The export of `[from, to)` as one object, for in-process callers (tests, tools): the same
   * document as `GET /v1/log/export`, held in memory, and not recorded as a query.
   */
  async export(fromText?: string, toText?: string): Promise<LogExport> {
    return this.exporter.collect(await this.exporter.range(fromText, toText));
  }

  /** The store's bundle with the cosignatures its checkpoint has so far, and their certificates. */
  private async bundle(recordId: string): Promise<EvidenceBundle> {
    const bundle = await this.unwitnessedBundle(recordId);
    const witnessed = await this.cosignatures.forCheckpoints([bundle.checkpoint]);
    return {
      ...bundle,
      certificates: [...bundle.certificates, ...witnessed.certificates],
      cosignatures: witnessed.cosignatures,
    };
  }

  private async unwitnessedBundle(recordId: string): Promise<EvidenceBundle> {
    try {
      return await this.store.evidence(recordId, this.certificates());
    } catch (error) {
      if (!isAppError(error) || error.code !== 'AUDIT_STORE_NO_CHECKPOINT') {
        throw error;
      }
      // The record is newer than the last checkpoint: sign one now rather than make the auditor wait.
      await this.checkpoints.checkpointNow();
      return this.store.evidence(recordId, this.certificates());
    }
  }

  private certificates(): string[] {
    return [this.runtime.signer.certificate.pem, ...this.runtime.signer.chainPems];
  }
}
