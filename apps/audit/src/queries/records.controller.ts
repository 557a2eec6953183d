import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import type { AuditRecordQueries, LoggedRecord } from './audit-record.queries';
import {
  indexParam,
  limitParam,
  outcomeParam,
  partyParam,
  textParam,
  timeParam,
} from './query-params';

/** One page of records; `nextCursor` is absent on the last page. */
export interface RecordPage {
  readonly records: LoggedRecord[];
  readonly nextCursor?: string;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** The auditor's search over the log, paged in log order. */
@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/records')
@UseGuards(AuditAuthGuard)
@AuditRoles('auditor', 'operator')
export class RecordsController {
  constructor(@Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries) {}

  @Get()
  @ApiOperation({ summary: 'Search audit records (sender, recipient, procedure, outcome, time)' })
  @ApiQuery({ name: 'sender', required: false, description: 'MEMBER or MEMBER/subsystem' })
  @ApiQuery({ name: 'recipient', required: false, description: 'MEMBER or MEMBER/subsystem' })
  @ApiQuery({ name: 'procedure', required: false })
  @ApiQuery({ name: 'outcome', required: false, description: 'accepted, refused or a code' })
  @ApiQuery({ name: 'from', required: false, description: 'RFC 3339, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'RFC 3339, exclusive' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_LIMIT}` })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async search(@Query() query: Record<string, string | undefined>): Promise<RecordPage> {
    const limit = limitParam(query['limit'], DEFAULT_LIMIT, MAX_LIMIT);
    const after = indexParam('cursor', query['cursor']);
    const from = timeParam('from', query['from']);
    const to = timeParam('to', query['to']);
    const records = await this.queries.search({
      sender: partyParam('sender', query['sender']),
      recipient: partyParam('recipient', query['recipient']),
      procedure: textParam('procedure', query['procedure']),
      outcome: outcomeParam(query['outcome']),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(after !== undefined ? { after } : {}),
      limit,
    });
    const last = records.at(-1);
    return records.length === limit && last
      ? { records, nextCursor: String(last.seq) }
      : { records };
  }
}
