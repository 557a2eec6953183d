import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Query, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BusRuntime } from '@lienthong/adapter-kit';
import { AUDIT_QUERY_TYPE } from '@lienthong/audit-log';
import { CommonError } from '@lienthong/errors';
import { AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles, Principal } from '../auth/audit-auth.guard';
import type { AuditPrincipal } from '../auth/audit-token.verifier';
import { AuditQueryInterceptor } from '../query-log/audit-query.interceptor';
import { AuditQueryRecorder, type AuditedQueryCall } from '../query-log/audit-query.recorder';
import { AUDITED_QUERIES, AuditedQuery, QueryCall } from '../query-log/audited-query';
import type { AuditRecordQueries, LoggedRecord, RecordFilter } from './audit-record.queries';
import {
  SEARCH_LIMIT,
  indexParam,
  limitParam,
  memberParam,
  outcomeParam,
  partyParam,
  personalIdParam,
  serviceParam,
  singleParam,
  textParam,
  timeParam,
  typeParam,
} from './query-params';
import { recordsCsv } from './records.csv';

/** One page of records; `nextCursor` is absent on the last page. */
export interface RecordPage {
  readonly records: LoggedRecord[];
  readonly nextCursor?: string;
}

/** Rows one read of the CSV export takes from the log (the export streams page after page). */
export const EXPORT_PAGE_SIZE = 1000;

const FILTER_QUERIES = [
  { name: 'subject', description: "data subject's personal id (matched by its keyed reference)" },
  { name: 'agency', description: 'member on either side (sender or recipient)' },
  { name: 'sender', description: 'MEMBER or MEMBER/subsystem' },
  { name: 'recipient', description: 'MEMBER or MEMBER/subsystem' },
  { name: 'service', description: 'a look-up service of the catalog (its request and response)' },
  { name: 'procedure', description: 'procedure code of the purpose' },
  { name: 'case', description: 'case or dossier id of the purpose' },
  { name: 'type', description: `message type; ${AUDIT_QUERY_TYPE} lists the queries of this API` },
  { name: 'outcome', description: 'accepted, refused or a code' },
  { name: 'from', description: 'RFC 3339, inclusive' },
  { name: 'to', description: 'RFC 3339, exclusive' },
];

/** Swagger's description of every search filter. */
const FilterQueries = (): MethodDecorator => (target, key, descriptor) => {
  for (const query of FILTER_QUERIES) {
    ApiQuery({ ...query, required: false })(target, key, descriptor);
  }
};

/**
 * The auditor's search over the log, paged in log order, and its CSV export. Filters: the data
 * subject, an agency on either side, sender, recipient, a look-up service, procedure, case,
 * message type, outcome and time.
 */
@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/records')
@UseGuards(AuditAuthGuard)
@UseInterceptors(AuditQueryInterceptor)
@AuditRoles('auditor', 'operator')
export class RecordsController {
  constructor(
    @Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries,
    private readonly runtime: BusRuntime,
    private readonly recorder: AuditQueryRecorder,
  ) {}

  @Get()
  @AuditedQuery(AUDITED_QUERIES.search)
  @ApiOperation({
    summary:
      'Search audit records (subject, agency, sender, recipient, service, procedure, case, type, outcome, time)',
  })
  @FilterQueries()
  @ApiQuery({ name: 'limit', required: false, description: `1-${SEARCH_LIMIT.max}` })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async search(
    @Query() query: Record<string, unknown>,
    @Principal() principal?: AuditPrincipal,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<RecordPage> {
    const limit = limitParam(singleParam(query, 'limit'), SEARCH_LIMIT.default, SEARCH_LIMIT.max);
    const after = indexParam('cursor', singleParam(query, 'cursor'));
    const records = await this.queries.search({
      ...this.filter(query, principal),
      ...(after !== undefined ? { after } : {}),
      limit,
    });
    call?.disclosed(records);
    const last = records.at(-1);
    return records.length === limit && last
      ? { records, nextCursor: String(last.seq) }
      : { records };
  }

  /**
   * Every record the filters select, as CSV, streamed page by page in log order. Only records
   * already in the log when the export begins are included; the query's record (with that bound
   * and the count) is committed before the first byte leaves.
   */
  @Get('export.csv')
  @AuditedQuery(AUDITED_QUERIES.searchExport)
  @ApiOperation({ summary: 'The records a search selects, as CSV (streamed, no size limit)' })
  @ApiProduces('text/csv')
  @FilterQueries()
  async export(
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
    @Principal() principal?: AuditPrincipal,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<void> {
    const before = await this.queries.size();
    const filter = { ...this.filter(query, principal), before };
    if (filter.types !== undefined) {
      call?.filter('types', filter.types.join(','));
    }
    call?.filter('before', String(before));
    call?.count(await this.queries.count(filter));
    await call?.accepted();
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="nhat-ky-kiem-toan.csv"')
      .setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(Readable.from(recordsCsv(this.pages(filter))), response);
    } catch (error) {
      this.runtime.logger.warn({ err: error }, 'records export cut before its end');
    }
  }

  private async *pages(filter: Omit<RecordFilter, 'limit'>): AsyncGenerator<LoggedRecord[]> {
    let after: number | undefined;
    for (;;) {
      const page = await this.queries.search({
        ...filter,
        ...(after !== undefined ? { after } : {}),
        limit: EXPORT_PAGE_SIZE,
      });
      if (page.length > 0) {
        yield page;
      }
      if (page.length < EXPORT_PAGE_SIZE) {
        return;
      }
      after = page[page.length - 1]?.seq;
    }
  }

  /**
   * The filters of the query string; a service becomes its request and response types. Only an
   * auditor may look for a person: an operator runs the bus and sees no personal data.
   */
  private filter(
    query: Record<string, unknown>,
    principal: AuditPrincipal | undefined,
  ): Omit<RecordFilter, 'limit'> {
    const text = (name: string) => singleParam(query, name);
    const from = timeParam('from', text('from'));
    const to = timeParam('to', text('to'));
    const personalId = personalIdParam('subject', text('subject'));
    if (personalId !== undefined && principal?.role !== 'auditor') {
      throw new CommonError('AUTH_ROLE_FORBIDDEN', 'only an auditor may search by data subject');
    }
    const types = this.typesOf(serviceParam(text('service')));
    const filter = {
      sender: partyParam('sender', text('sender')),
      recipient: partyParam('recipient', text('recipient')),
      agency: memberParam('agency', text('agency')),
      procedure: textParam('procedure', text('procedure')),
      caseId: textParam('case', text('case'), 128),
      type: typeParam(text('type')),
      outcome: outcomeParam(text('outcome')),
      subjectRef: personalId === undefined ? undefined : this.recorder.refOf(personalId),
      types,
      from,
      to,
    };
    return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
  }

  private typesOf(service: string | undefined): string[] | undefined {
    if (service === undefined) {
      return undefined;
    }
    const def = this.runtime.configuration.current().service(service);
    if (def === undefined) {
      throw new AuditError('AUDIT_QUERY_INVALID', `service must be a service of the catalog`, {
        details: { parameter: 'service' },
      });
    }
    return [def.requestType, def.responseType];
  }
}
