import { setTimeout as sleep } from 'node:timers/promises';
import {
  Controller,
  Get,
  Logger,
  Param,
  ParseUUIDPipe,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '@lienthong/adapter-kit';
import { CivilStatusEventError } from './civil-status-events.errors';
import {
  DossierRepository,
  type DossierFilter,
  type DossierSummary,
  type DossierView,
} from './dossier.repository';

/** How often an open stream of a dossier looks for news (any replica may settle its steps). */
export const DOSSIER_STREAM_POLL_MS = 1_000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const DOSSIER_STREAM_HEARTBEAT_MS = 15_000;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const subjectSchema = {
  type: 'object',
  nullable: true,
  required: ['personalId', 'fullName'],
  properties: {
    personalId: { type: 'string', nullable: true },
    fullName: { type: 'string' },
  },
};

const dossierFields = {
  id: { type: 'string', format: 'uuid' },
  procedure: { type: 'string', enum: ['BIRTH', 'DEATH'] },
  status: { type: 'string', enum: ['IN_PROGRESS', 'COMPLETED', 'REFUSED'] },
  communeCode: { type: 'string' },
  receivedAt: { type: 'string', format: 'date-time' },
  completedAt: { type: 'string', format: 'date-time', nullable: true },
  overdue: { type: 'boolean' },
  subject: subjectSchema,
};

const summarySchema = {
  type: 'object',
  required: [...Object.keys(dossierFields), 'stepsDone', 'stepsTotal'],
  properties: {
    ...dossierFields,
    stepsDone: { type: 'integer' },
    stepsTotal: { type: 'integer' },
  },
};

/** The answer of `GET /v1/dossiers/{id}` and each `dossier` event of its stream. */
export const dossierViewSchema = {
  type: 'object',
  required: [...Object.keys(dossierFields), 'steps'],
  properties: {
    ...dossierFields,
    officerId: {
      type: 'string',
      description: 'The officer who received the dossier; absent for a citizen',
    },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['step', 'agency', 'status', 'dueAt', 'doneAt', 'overdue', 'eventId'],
        properties: {
          step: { type: 'string' },
          agency: { type: 'string', description: 'The member whose step it is' },
          status: { type: 'string', enum: ['PENDING', 'DONE', 'REFUSED'] },
          dueAt: { type: 'string', format: 'date-time', description: 'Statutory deadline' },
          doneAt: { type: 'string', format: 'date-time', nullable: true },
          overdue: { type: 'boolean' },
          eventId: { type: 'string', nullable: true },
          code: { type: 'string', nullable: true },
          reason: { type: 'string', nullable: true },
        },
      },
    },
  },
};

type Authenticated = Request & { principal: OfficerPrincipal };

/** What a person may see of a dossier: a citizen, not the officer who received it. */
function shownTo(view: DossierView, principal: OfficerPrincipal): DossierView {
  if (principal.role !== 'citizen') {
    return view;
  }
  const { officerId: _officer, ...rest } = view;
  return rest as DossierView;
}

/** The list's filters from the query string; anything that does not fit is refused. */
export function parseDossierFilter(query: Record<string, unknown>): DossierFilter {
  const invalid = (what: string) =>
    new CivilStatusEventError('DOSSIER_FILTER_INVALID', `${what} is not a valid filter`);
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw invalid(name);
    }
    return value;
  };
  const status = text('status');
  if (status !== undefined && !['IN_PROGRESS', 'COMPLETED', 'REFUSED'].includes(status)) {
    throw invalid('status');
  }
  const procedure = text('procedure');
  if (procedure !== undefined && !['BIRTH', 'DEATH'].includes(procedure)) {
    throw invalid('procedure');
  }
  const overdue = text('overdue');
  if (overdue !== undefined && !['true', 'false'].includes(overdue)) {
    throw invalid('overdue');
  }
  const day = (name: string) => {
    const value = text(name);
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) {
      throw invalid(name);
    }
    return value;
  };
  const from = day('from');
  const to = day('to');
  const limitText = text('limit');
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalid('limit');
  }
  const afterText = text('after');
  let after: DossierFilter['after'];
  if (afterText !== undefined) {
    const [receivedAt, id] = Buffer.from(afterText, 'base64url').toString('utf8').split('|');
    if (!receivedAt || !id || !UUID.test(id) || Number.isNaN(Date.parse(receivedAt))) {
      throw invalid('after');
    }
    after = { receivedAt, id };
  }
  return {
    limit,
    ...(status !== undefined ? { status: status as DossierFilter['status'] } : {}),
    ...(procedure !== undefined ? { procedure: procedure as DossierFilter['procedure'] } : {}),
    ...(overdue !== undefined ? { overdue: overdue === 'true' } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}

/**
 * The dossiers of the interconnected procedures (births, deaths): a list with filters, one
 * dossier with every step across agencies and its statutory deadline, and a stream of server-sent
 * events that follows a dossier until it is complete. Officers see every dossier of their office;
 * a citizen sees only those they are a party of (parent, child, deceased, declarant).
 */
@ApiTags('procedures')
@ApiBearerAuth()
@UseGuards(OfficerAuthGuard)
@Controller('v1/dossiers')
export class DossiersController {
  private readonly logger = new Logger('dossiers');

  constructor(private readonly dossiers: DossierRepository) {}

  @Get()
  @Roles('officer', 'citizen')
  @ApiOperation({
    summary:
      'Dossiers, newest first, by status, procedure, overdue and days of reception; a citizen gets only those naming them',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['IN_PROGRESS', 'COMPLETED', 'REFUSED'] })
  @ApiQuery({ name: 'procedure', required: false, enum: ['BIRTH', 'DEATH'] })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'from', required: false, description: 'received on or after, YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: false, description: 'received on or before, YYYY-MM-DD' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_LIMIT}, ${DEFAULT_LIMIT}` })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['dossiers', 'next'],
      properties: {
        dossiers: { type: 'array', items: summarySchema },
        next: { type: 'string', nullable: true, description: 'cursor of the next page' },
      },
    },
  })
  async list(
    @Query() query: Record<string, unknown>,
    @Req() request: Authenticated,
  ): Promise<{ dossiers: DossierSummary[]; next: string | null }> {
    const filter = parseDossierFilter(query);
    const { principal } = request;
    const { dossiers, more } = await this.dossiers.list(
      {},
      principal.role === 'citizen' ? { ...filter, party: principal.personalId ?? '-' } : filter,
    );
    const last = dossiers.at(-1);
    return {
      dossiers,
      next:
        more && last ? Buffer.from(`${last.receivedAt}|${last.id}`).toString('base64url') : null,
    };
  }

  @Get(':id')
  @Roles('officer', 'citizen')
  @ApiOperation({ summary: 'Progress of a dossier: steps, status, deadlines and overdue flags' })
  @ApiOkResponse({ schema: dossierViewSchema })
  async dossier(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: Authenticated,
  ): Promise<DossierView> {
    return shownTo(await this.visible(id, request.principal), request.principal);
  }

  @Get(':id/events')
  @Roles('officer', 'citizen')
  @ApiOperation({
    summary:
      'Server-sent events of a dossier: `dossier` (the whole view) at once and at each change, `end` once it is complete or refused',
  })
  @ApiProduces('text/event-stream')
  async events(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: Authenticated,
    @Res() response: Response,
  ): Promise<void> {
    const { principal } = request;
    const { dossiers } = this;
    let view: DossierView | undefined = await this.visible(id, principal);
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    response.flushHeaders();
    let open = true;
    request.on('close', () => {
      open = false;
    });
    let last = '';
    let sent = 0;
    let quietSince = Date.now();
    try {
      await follow();
    } catch (error) {
      // the stream is open: the page sees it end and reconnects (EventSource does)
      this.logger.warn({ err: error, dossier: id }, 'dossier stream cut');
    }
    response.end();

    async function follow(this: void): Promise<void> {
      while (open && view) {
        const data = JSON.stringify(shownTo(view, principal));
        if (data !== last) {
          response.write(`event: dossier\nid: ${++sent}\ndata: ${data}\n\n`);
          last = data;
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= DOSSIER_STREAM_HEARTBEAT_MS) {
          response.write(': still here\n\n');
          quietSince = Date.now();
        }
        if (view.status !== 'IN_PROGRESS') {
          response.write('event: end\ndata: {}\n\n');
          break;
        }
        await sleep(DOSSIER_STREAM_POLL_MS);
        if (open) {
          view = await dossiers.find({}, id);
        }
      }
    }
  }

  /** The dossier, if it exists and this person may see it. */
  private async visible(id: string, principal: OfficerPrincipal): Promise<DossierView> {
    const view = await this.dossiers.find({}, id);
    if (!view) {
      throw new CivilStatusEventError('DOSSIER_NOT_FOUND', `no dossier ${id}`);
    }
    if (principal.role === 'citizen') {
      const parties = await this.dossiers.partiesOf({}, id);
      if (!principal.personalId || !parties.includes(principal.personalId)) {
        throw new CivilStatusEventError(
          'DOSSIER_FORBIDDEN',
          'a citizen may only see the dossiers they are a party of',
        );
      }
    }
    return view;
  }
}
