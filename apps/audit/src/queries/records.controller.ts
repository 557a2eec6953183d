import { Controller, Get, Inject, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AUDIT_QUERY_TYPE } from '@lienthong/audit-log';
import { AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import { AuditQueryInterceptor } from '../query-log/audit-query.interceptor';
import type { AuditedQueryCall } from '../query-log/audit-query.recorder';
import { AUDITED_QUERIES, AuditedQuery, QueryCall } from '../query-log/audited-query';
import type { AuditRecordQueries, LoggedRecord } from './audit-record.queries';
import {
  SEARCH_LIMIT,
  indexParam,
  limitParam,
  outcomeParam,
  partyParam,
  singleParam,
  textParam,
  timeParam,
  typeParam,
} from './query-params';

/** One page of records; `nextCursor` is absent on the last page. */
export interface RecordPage {
  readonly records: LoggedRecord[];
  readonly nextCursor?: string;
}

/** The auditor's search over the log, paged in log order. */
@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/records')
@UseGuards(AuditAuthGuard)
@UseInterceptors(AuditQueryInterceptor)
@AuditRoles('auditor', 'operator')
export class RecordsController {
  constructor(@Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries) {}

  @Get()
  @AuditedQuery(AUDITED_QUERIES.search)
  @ApiOperation({
    summary: 'Search audit records (sender, recipient, procedure, type, outcome, time)',
  })
  @ApiQuery({ name: 'sender', required: false, description: 'MEMBER or MEMBER/subsystem' })
  @ApiQuery({ name: 'recipient', required: false, description: 'MEMBER or MEMBER/subsystem' })
  @ApiQuery({ name: 'procedure', required: false })
  @ApiQuery({
    name: 'type',
    required: false,
    description: `message type; ${AUDIT_QUERY_TYPE} lists the queries made of this API`,
  })
  @ApiQuery({ name: 'outcome', required: false, description: 'accepted, refused or a code' })
  @ApiQuery({ name: 'from', required: false, description: 'RFC 3339, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'RFC 3339, exclusive' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${SEARCH_LIMIT.max}` })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async search(
    @Query() query: Record<string, unknown>,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<RecordPage> {
    const text = (name: string) => singleParam(query, name);
    const limit = limitParam(text('limit'), SEARCH_LIMIT.default, SEARCH_LIMIT.max);
    const after = indexParam('cursor', text('cursor'));
    const from = timeParam('from', text('from'));
    const to = timeParam('to', text('to'));
    const records = await this.queries.search({
      sender: partyParam('sender', text('sender')),
      recipient: partyParam('recipient', text('recipient')),
      procedure: textParam('procedure', text('procedure')),
      type: typeParam(text('type')),
      outcome: outcomeParam(text('outcome')),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(after !== undefined ? { after } : {}),
      limit,
    });
    call?.disclosed(records);
    const last = records.at(-1);
    return records.length === limit && last
      ? { records, nextCursor: String(last.seq) }
      : { records };
  }
}
