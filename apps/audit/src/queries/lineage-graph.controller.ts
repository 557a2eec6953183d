import { Controller, Get, Inject, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import { AuditQueryInterceptor } from '../query-log/audit-query.interceptor';
import type { AuditedQueryCall } from '../query-log/audit-query.recorder';
import { AUDITED_QUERIES, AuditedQuery, QueryCall } from '../query-log/audited-query';
import { type AuditRecordQueries, type LoggedRecord, VIEW_LIMIT } from './audit-record.queries';
import { type LineageGraph, buildLineageGraph } from './lineage-graph.mapper';
import { singleParam, textParam, uuidParam } from './query-params';

/** The graph, what it was asked for, and whether it was cut at the view's size limit. */
export interface LineageGraphView extends LineageGraph {
  readonly of: {
    readonly messageId?: string;
    readonly correlationId?: string;
    readonly case?: string;
  };
  readonly records: number;
  readonly truncated: boolean;
}

const uniq = (values: readonly (string | undefined)[]) => [
  ...new Set(values.filter((v): v is string => v !== undefined)),
];

/**
 * Lineage as a picture: for a message, a conversation (correlation id; a dossier's id is the
 * correlation id of its whole chain) or a case id, every hop between agencies in time order, each
 * with its signer, the receiving side's signature check and its outcome, and the records behind
 * it. Rebuilt from the audit log alone.
 */
@ApiTags('lineage')
@ApiBearerAuth()
@Controller('v1/lineage-graph')
@UseGuards(AuditAuthGuard)
@UseInterceptors(AuditQueryInterceptor)
@AuditRoles('auditor', 'operator')
export class LineageGraphController {
  constructor(@Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries) {}

  @Get()
  @AuditedQuery(AUDITED_QUERIES.lineageGraph)
  @ApiOperation({ summary: 'Graph of the agencies and hops of a message, conversation or case' })
  @ApiQuery({ name: 'messageId', required: false })
  @ApiQuery({ name: 'correlationId', required: false, description: 'a conversation or dossier' })
  @ApiQuery({ name: 'case', required: false, description: 'case or dossier id of the purpose' })
  async graph(
    @Query() query: Record<string, unknown>,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<LineageGraphView> {
    const text = (name: string) => singleParam(query, name);
    const messageId = text('messageId');
    const correlationId = text('correlationId');
    const caseId = textParam('case', text('case'), 128);
    const given = [messageId, correlationId, caseId].filter((v) => v !== undefined && v !== '');
    if (given.length !== 1) {
      throw new AuditError(
        'AUDIT_QUERY_INVALID',
        'give exactly one of messageId, correlationId and case',
        { details: { parameter: 'messageId' } },
      );
    }
    const records = await this.select({ messageId, correlationId, caseId });
    if (records.length === 0) {
      throw new AuditError('AUDIT_MESSAGE_NOT_FOUND', 'no record is about it');
    }
    call?.disclosed(records);
    return {
      of: {
        ...(messageId ? { messageId } : {}),
        ...(correlationId ? { correlationId } : {}),
        ...(caseId ? { case: caseId } : {}),
      },
      ...buildLineageGraph(records),
      records: records.length,
      truncated: records.length >= VIEW_LIMIT,
    };
  }

  /** The records of the whole conversations the message, correlation or case belongs to. */
  private async select(of: {
    messageId?: string;
    correlationId?: string;
    caseId?: string;
  }): Promise<LoggedRecord[]> {
    if (of.correlationId !== undefined && of.correlationId !== '') {
      return this.queries.byConversation([uuidParam('correlationId', of.correlationId)], []);
    }
    const seed =
      of.caseId !== undefined
        ? await this.queries.byCase(of.caseId)
        : await this.queries.byMessage(uuidParam('messageId', of.messageId ?? ''));
    if (seed.length === 0) {
      return [];
    }
    return this.queries.byConversation(
      uniq(seed.map((r) => r.record.correlationId)),
      uniq(seed.map((r) => r.record.messageId)),
    );
  }
}
