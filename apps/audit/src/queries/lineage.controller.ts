import { Controller, Get, Inject, Param, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import { AuditQueryInterceptor } from '../query-log/audit-query.interceptor';
import type { AuditedQueryCall } from '../query-log/audit-query.recorder';
import { AUDITED_QUERIES, AuditedQuery, QueryCall } from '../query-log/audited-query';
import { type AuditRecordQueries, type LoggedRecord, VIEW_LIMIT } from './audit-record.queries';
import { type LineageNode, buildLineage } from './lineage.mapper';
import { uuidParam } from './query-params';

/** A conversation's lineage, and whether the view was cut at its size limit. */
export interface LineageView {
  readonly roots: LineageNode[];
  readonly records: number;
  readonly truncated: boolean;
}

function view(records: LoggedRecord[]): LineageView {
  return {
    roots: buildLineage(records),
    records: records.length,
    truncated: records.length >= VIEW_LIMIT,
  };
}

/** Lineage of messages across agencies, rebuilt from the audit log alone (auditors). */
@ApiTags('lineage')
@ApiBearerAuth()
@Controller('v1/lineage')
@UseGuards(AuditAuthGuard)
@UseInterceptors(AuditQueryInterceptor)
@AuditRoles('auditor', 'operator')
export class LineageController {
  constructor(@Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries) {}

  @Get('by-correlation/:id')
  @AuditedQuery(AUDITED_QUERIES.lineageByCorrelation)
  @ApiOperation({ summary: 'Every message of one conversation, as a causation tree' })
  async byCorrelation(
    @Param('id') id: string,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<LineageView> {
    const records = await this.queries.byConversation([uuidParam('id', id)], []);
    if (records.length === 0) {
      throw new AuditError('AUDIT_MESSAGE_NOT_FOUND', `no record has correlation id ${id}`);
    }
    call?.disclosed(records);
    return view(records);
  }

  @Get(':messageId')
  @AuditedQuery(AUDITED_QUERIES.lineage)
  @ApiOperation({ summary: 'The conversation a message belongs to, as a causation tree' })
  async byMessage(
    @Param('messageId') messageId: string,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<LineageView> {
    const own = await this.queries.byMessage(uuidParam('messageId', messageId));
    if (own.length === 0) {
      throw new AuditError('AUDIT_MESSAGE_NOT_FOUND', `no record is about message ${messageId}`);
    }
    const correlations = [
      ...new Set(own.flatMap((r) => (r.record.correlationId ? [r.record.correlationId] : []))),
    ];
    const records = await this.queries.byConversation(correlations, [messageId]);
    call?.disclosed(records);
    return view(records);
  }
}
