import { Controller, Get, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SignedCheckpoint } from '@lienthong/audit-log';
import { AUDIT_LOG_STORE } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import type { AuditLogStore } from '../log/audit-log.store';
import { requiredIndex } from '../queries/query-params';
import { CheckpointService } from './checkpoint.service';

/** A consistency proof between two tree sizes, base64 hashes (RFC 9162 §2.1.4). */
export interface ConsistencyProofView {
  readonly from: number;
  readonly to: number;
  readonly proof: string[];
}

/**
 * Checkpoints and consistency proofs. Reading them is public: they reveal sizes and hashes only,
 * and witnesses (every agency) must be able to fetch them to check that the log only grows.
 */
@ApiTags('checkpoints')
@Controller('v1')
@UseGuards(AuditAuthGuard)
export class CheckpointsController {
  constructor(
    private readonly checkpoints: CheckpointService,
    @Inject(AUDIT_LOG_STORE) private readonly store: AuditLogStore,
  ) {}

  @Post('checkpoints')
  @HttpCode(201)
  @ApiBearerAuth()
  @AuditRoles('auditor', 'operator')
  @ApiOperation({ summary: 'Sign, store and publish a checkpoint of the log now' })
  create(): Promise<SignedCheckpoint> {
    return this.checkpoints.checkpointNow();
  }

  @Get('checkpoints/latest')
  @ApiOperation({ summary: 'The latest signed checkpoint' })
  async latest(): Promise<SignedCheckpoint> {
    const latest = await this.store.latestCheckpoint();
    if (latest === null) {
      throw new AuditError('AUDIT_CHECKPOINT_NONE', 'the log has not signed a checkpoint yet');
    }
    return latest;
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'Proof that the tree of size `from` is a prefix of size `to`' })
  async consistency(
    @Query('from') fromText?: string,
    @Query('to') toText?: string,
  ): Promise<ConsistencyProofView> {
    const from = requiredIndex('from', fromText);
    const to = requiredIndex('to', toText);
    if (from > to) {
      throw new AuditError('AUDIT_QUERY_INVALID', 'from must not exceed to');
    }
    const proof = await this.store.consistencyProof(from, to);
    return { from, to, proof: proof.map((hash) => hash.toString('base64')) };
  }
}
