import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusRuntime } from '@lienthong/adapter-kit';
import { isAppError } from '@lienthong/errors';
import {
  type Cosignature,
  type EvidenceBundle,
  type SignedCheckpoint,
  parseCheckpointBody,
} from '@lienthong/transparency';
import { AUDIT_LOG_STORE, AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import { CheckpointService } from '../checkpoints/checkpoint.service';
import type { AuditLogStore } from '../log/audit-log.store';
import type { AuditRecordQueries } from '../queries/audit-record.queries';
import { indexParam, uuidParam } from '../queries/query-params';
import { COSIGNATURE_STORE } from '../witness/cosignature-ingest.service';
import type { CosignatureStore } from '../witness/cosignature.store';

/** Format marker of a log export (documented in apps/audit/README.md). */
export const LOG_EXPORT_FORMAT = 'urn:lienthong:audit:log-export';
/** Most entries one export response carries. */
export const MAX_EXPORT_ENTRIES = 100_000;

/** The evidence bundles of every record about one message. */
export interface MessageEvidence {
  readonly messageId: string;
  readonly bundles: EvidenceBundle[];
}

/**
 * Leaves `[from, to)` with every checkpoint of size ≤ `to` and the AUDIT/log certificates: with
 * `from = 0`, `verifyLog(entries, checkpoints, { caPem, certificates })` verifies it offline.
 */
export interface LogExport {
  readonly format: typeof LOG_EXPORT_FORMAT;
  readonly version: 1;
  readonly from: number;
  readonly to: number;
  readonly entries: string[];
  readonly checkpoints: SignedCheckpoint[];
  /** AUDIT/log certificates first, then those of the witnesses of `cosignatures`. */
  readonly certificates: string[];
  /** Witness cosignatures of the exported checkpoints (verifyLog's `cosignatures`). */
  readonly cosignatures: Cosignature[];
}

/** Offline-verifiable material for auditors: evidence bundles and whole-log exports. */
@ApiTags('evidence')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(AuditAuthGuard)
@AuditRoles('auditor', 'operator')
export class EvidenceController {
  constructor(
    private readonly runtime: BusRuntime,
    private readonly checkpoints: CheckpointService,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
    @Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries,
    @Inject(COSIGNATURE_STORE) private readonly cosignatures: CosignatureStore,
  ) {}

  @Get('evidence/:messageId')
  @ApiOperation({ summary: 'Evidence bundles (record, inclusion proof, checkpoint, certificates)' })
  async evidence(@Param('messageId') messageId: string): Promise<MessageEvidence> {
    const records = await this.queries.byMessage(uuidParam('messageId', messageId));
    if (records.length === 0) {
      throw new AuditError('AUDIT_MESSAGE_NOT_FOUND', `no record is about message ${messageId}`);
    }
    const bundles: EvidenceBundle[] = [];
    for (const { record } of records) {
      bundles.push(await this.bundle(record.recordId));
    }
    return { messageId, bundles };
  }

  @Get('log/export')
  @ApiOperation({ summary: 'Entries and checkpoints for offline verification with verifyLog' })
  async export(@Query('from') fromText?: string, @Query('to') toText?: string): Promise<LogExport> {
    const from = indexParam('from', fromText) ?? 0;
    const all = await this.store.checkpoints();
    const sizes = all.map((cp) => parseCheckpointBody(cp.body).size);
    const to = indexParam('to', toText) ?? Math.max(0, ...sizes);
    if (from > to || to - from > MAX_EXPORT_ENTRIES) {
      throw new AuditError(
        'AUDIT_EXPORT_TOO_LARGE',
        `export [${from}, ${to}) must be ordered and hold at most ${MAX_EXPORT_ENTRIES} records`,
      );
    }
    const entries = await this.store.exportRange(from, to);
    // A checkpoint larger than the export would read as a truncation, so only those it covers.
    const checkpoints = all.filter((_, i) => sizes[i] <= from + entries.length);
    const witnessed = await this.cosignatures.forCheckpoints(checkpoints);
    return {
      format: LOG_EXPORT_FORMAT,
      version: 1,
      from,
      to: from + entries.length,
      entries: entries.map((entry) => entry.canonical),
      checkpoints,
      certificates: [...this.certificates(), ...witnessed.certificates],
      cosignatures: witnessed.cosignatures,
    };
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
