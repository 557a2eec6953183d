import { Controller, Get, Header, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { DATA_SOURCE } from '@lienthong/persistence';
import type { DataSource } from 'typeorm';
import { AuditAuthGuard, AuditRoles } from '../auth/audit-auth.guard';
import { type MessageDashboard, MessageFiguresQuery, parseMessageScope } from './message-figures';

/**
 * The leaders' figures of the messages exchanged on the bus, per day and per pair of agencies:
 * look-ups answered or refused (by code), documents and statuses delivered, events. Counts only,
 * so leaders read them; so may auditors and operators.
 */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('v1/statistics')
@UseGuards(AuditAuthGuard)
@AuditRoles('leader', 'auditor', 'operator')
export class StatisticsController {
  private readonly figures: MessageFiguresQuery;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.figures = new MessageFiguresQuery(dataSource);
  }

  @Get('messages')
  @ApiOperation({ summary: 'Messages exchanged per day and per pair of agencies, by outcome' })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'YYYY-MM-DD (Vietnam), default 12 weeks ago',
  })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (Vietnam), default today' })
  @ApiQuery({
    name: 'kind',
    required: false,
    description: 'lookup (default), document, status, event',
  })
  @ApiQuery({ name: 'agency', required: false, description: 'one member, as sender or recipient' })
  messages(@Query() query: Record<string, unknown>): Promise<MessageDashboard> {
    return this.figures.dashboard(parseMessageScope(query));
  }

  @Get('messages.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="trao-doi-du-lieu.csv"')
  @ApiOperation({ summary: 'The same figures as CSV: per day, sender, recipient, type, outcome' })
  async messagesCsv(@Query() query: Record<string, unknown>): Promise<string> {
    const { rows } = await this.figures.dashboard(parseMessageScope(query));
    return `\uFEFF${stringify(rows, {
      header: true,
      columns: ['day', 'sender', 'recipient', 'type', 'outcome', 'messages'],
      record_delimiter: 'windows',
    })}`;
  }
}
