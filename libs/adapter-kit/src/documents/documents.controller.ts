import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DocumentExchange } from './document-exchange';
import { OFFICER_STATUS_CODES } from './document-lifecycle';
import { DocumentLifecycle } from './document-lifecycle.service';
import { DocumentRepository, type DocumentListFilter } from './document.repository';
import { DocumentSender } from './document-sender.service';
import { DocumentUploadInterceptor } from './document-upload.interceptor';
import { toSummary, toView, type DocumentSummary, type DocumentView } from './document-view';
import { DocumentError } from './documents.errors';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '../core/officer-auth.guard';
import { validateRequestBody } from '../core/request-body';

/** A request that passed the officer guard. */
type DocumentRequest = Request & { principal: OfficerPrincipal };
import {
  SEND_METADATA_SCHEMA,
  parseSendMetadata,
  type UploadedDocumentFile,
} from './send-document.input';
import { verifyAttachment, type EdxmlStatusCode } from '@lienthong/edxml';
import { openApiRef, type StatusRequestV1 } from '@lienthong/schema';
import type { DocumentRecord } from './document.entity';

const uuid = new ParseUUIDPipe({
  version: '7',
  exceptionFactory: () => new DocumentError('DOCUMENT_NOT_FOUND', 'no such document'),
});
const SHA256 = /^[0-9a-f]{64}$/;
const STATUS = /^(0[1-6]|1[356])$/;
/** Schema of the body of `POST /v1/documents/{id}/status` (`schemas/documents/status-request/v1`). */
const STATUS_REQUEST_SCHEMA = 'urn:lienthong:documents:status-request:1';

/**
 * The official-document API of an adapter: officers send documents and post their status;
 * officers and auditors read documents, their verification result, every recipient's status
 * timeline, the original signed package and the attachments.
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('v1/documents')
@UseGuards(OfficerAuthGuard)
export class DocumentsController {
  constructor(
    private readonly sender: DocumentSender,
    private readonly lifecycle: DocumentLifecycle,
    private readonly documents: DocumentRepository,
    private readonly exchange: DocumentExchange,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('officer')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Sign and send an official document (metadata + main file + attachments)',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['metadata', 'main'],
      properties: {
        // OpenAPI 3.1 (JSON Schema 2020-12): a string part whose content is JSON of this schema
        metadata: {
          type: 'string',
          contentMediaType: 'application/json',
          contentSchema: openApiRef(SEND_METADATA_SCHEMA),
          description: 'JSON text: recipients and the edXML header',
        } as Record<string, unknown>,
        main: { type: 'string', format: 'binary', description: 'The main file' },
        attachments: { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  })
  @UseInterceptors(DocumentUploadInterceptor)
  async send(
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFiles() files: Record<string, UploadedDocumentFile[] | undefined> | undefined,
    @Req() request: DocumentRequest,
  ): Promise<DocumentView> {
    const metadata = parseSendMetadata(this.exchange.runtime.schemas, body?.['metadata']);
    const main = files?.['main']?.[0];
    const sent = await this.sender.send({
      metadata,
      ...(main ? { main } : {}),
      attachments: files?.['attachments'] ?? [],
      officerId: request.principal.id,
    });
    // what was just committed, as stored: a new document has no status yet, and each delivery
    // is as queued (the view of GET shows it published once the stream acknowledged it)
    return toView(sent.record, [], sent.deliveries);
  }

  @Get()
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'List documents: direction, status, from, to, sender, limit, offset' })
  async list(
    @Query() query: Record<string, string | undefined>,
  ): Promise<{ items: DocumentSummary[]; total: number; limit: number; offset: number }> {
    const filter = parseListQuery(query);
    const { items, total } = await this.documents.list({}, filter);
    return { items: items.map(toSummary), total, limit: filter.limit, offset: filter.offset };
  }

  @Get('quarantine')
  @Roles('officer', 'auditor')
  @ApiOperation({
    summary:
      'Deliveries kept apart, never shown as documents: those that failed a check, and resends',
  })
  async quarantine(@Query() query: Record<string, string | undefined>) {
    const { limit, offset } = parseListQuery({ limit: query['limit'], offset: query['offset'] });
    const { items, total } = await this.documents.quarantined({}, limit, offset);
    return {
      items: items.map(({ raw, ...row }) => ({ ...row, rawBytes: raw.byteLength })),
      total,
      limit,
      offset,
    };
  }

  @Get(':id')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Metadata, verification result and each recipient’s status timeline' })
  get(@Param('id', uuid) id: string, @Req() request: DocumentRequest): Promise<DocumentView> {
    return this.view(id, request.principal);
  }

  @Get(':id/package')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'The original signed edXML package, byte for byte' })
  async package(
    @Param('id', uuid) id: string,
    @Req() request: DocumentRequest,
    @Res() response: Response,
  ): Promise<void> {
    const record = await this.available(id, request.principal);
    response
      .status(200)
      .type('application/xml')
      .setHeader('Content-Disposition', `attachment; filename="${record.id}.edxml"`)
      .send(record.packageBytes);
  }

  /**
   * A file is read from the object store of the document's pair (its sender → this agency, or this
   * agency → a recipient; ADR 0019), keyed by digest, so the route serves a file only as part of a
   * document this agency is a party to, only if the document's signed manifest lists it, and only
   * after its bytes matched that digest and size again (an object its sender replaced in the store is
   * refused, never served).
   */
  @Get(':id/attachments/:sha256')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'A file listed in the signed manifest, checked against its digest' })
  async attachment(
    @Param('id', uuid) id: string,
    @Param('sha256') sha256: string,
    @Req() request: DocumentRequest,
    @Res() response: Response,
  ): Promise<void> {
    const record = await this.available(id, request.principal);
    const entry = SHA256.test(sha256)
      ? record.metadata.manifest.find((m) => m.sha256 === sha256)
      : undefined;
    if (!entry) {
      throw new DocumentError('DOCUMENT_NOT_FOUND', `document ${id} lists no ${sha256}`);
    }
    const bytes = await this.storedAttachment(record, sha256);
    verifyAttachment(entry, bytes);
    response.status(200).type(entry.contentType).send(Buffer.from(bytes));
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('officer')
  @ApiOperation({
    summary: 'Post a status: 02 return, 03 accept, 04 assign, 05 process, 06 complete, 13, 15, 16',
  })
  @ApiBody({ schema: openApiRef(STATUS_REQUEST_SCHEMA) })
  async status(
    @Param('id', uuid) id: string,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: DocumentRequest,
  ): Promise<DocumentView> {
    const { code, description, recipient } = validateRequestBody<StatusRequestV1>(
      this.exchange.runtime.schemas,
      STATUS_REQUEST_SCHEMA,
      body,
      (errors, cause) =>
        new DocumentError(
          'DOCUMENT_METADATA_INVALID',
          `code must be one of ${OFFICER_STATUS_CODES.join(', ')}; description a string`,
          { cause, details: { errors } },
        ),
    );
    await this.lifecycle.post(id, {
      code,
      ...(description !== undefined ? { description } : {}),
      ...(recipient !== undefined ? { recipient } : {}),
      officer: request.principal,
    });
    return this.view(id, request.principal);
  }

  /**
   * A received document's file is in the store of (its sender → this agency); a sent one's in the
   * store of each recipient's pair, read from the first that holds it.
   */
  private async storedAttachment(record: DocumentRecord, sha256: string): Promise<Uint8Array> {
    if (record.direction === 'incoming') {
      const pair = { sender: record.senderMember, recipient: this.exchange.runtime.self.member };
      return this.exchange.getAttachment(pair, sha256);
    }
    let missing: DocumentError | undefined;
    for (const recipient of record.recipients) {
      const pair = { sender: this.exchange.runtime.self.member, recipient: recipient.member };
      try {
        return await this.exchange.getAttachment(pair, sha256);
      } catch (error) {
        if (!(error instanceof DocumentError) || error.code !== 'DOCUMENT_ATTACHMENT_MISSING') {
          throw error;
        }
        missing = error;
      }
    }
    throw missing ?? new DocumentError('DOCUMENT_ATTACHMENT_MISSING', `no store holds ${sha256}`);
  }

  /** A document whose content the caller's agency may read: it sent it or is a recipient. */
  private async available(id: string, principal: OfficerPrincipal) {
    const record = await this.documents.find({}, id);
    if (!record || !isParty(record, principal.member)) {
      throw new DocumentError('DOCUMENT_NOT_FOUND', `no document ${id}`);
    }
    // a revoked received copy is withdrawn (NĐ 30/2020 Art. 18(4)(b)); only its metadata remains
    if (record.direction === 'incoming' && record.availability === 'revoked') {
      throw new DocumentError('DOCUMENT_NOT_AVAILABLE', `document ${id} was revoked by its sender`);
    }
    return record;
  }

  private async view(id: string, principal: OfficerPrincipal): Promise<DocumentView> {
    const record = await this.documents.find({}, id);
    if (!record || !isParty(record, principal.member)) {
      throw new DocumentError('DOCUMENT_NOT_FOUND', `no document ${id}`);
    }
    const statuses = await this.documents.statuses({}, id);
    const local = statuses.filter((s) => s.origin === 'local').map((s) => s.messageId);
    return toView(record, statuses, await this.documents.deliveries({}, id, local));
  }
}

/** Whether `member` sent the document or is one of its recipients. */
function isParty(record: DocumentRecord, member: string): boolean {
  return record.direction === 'outgoing'
    ? record.senderMember === member
    : record.recipients.some((r) => r.member === member);
}

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new DocumentError('DOCUMENT_QUERY_INVALID', `${name} must be an ISO date`);
  }
  return date;
}

function parseInteger(value: string | undefined, fallback: number, max: number, name: string) {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value) || n > max) {
    throw new DocumentError('DOCUMENT_QUERY_INVALID', `${name} must be an integer ≤ ${max}`);
  }
  return n;
}

/** Reads the list filters; every malformed value is refused rather than ignored. */
export function parseListQuery(query: Record<string, string | undefined>): DocumentListFilter {
  const { direction, status, sender } = query;
  if (direction !== undefined && direction !== 'incoming' && direction !== 'outgoing') {
    throw new DocumentError('DOCUMENT_QUERY_INVALID', 'direction is incoming or outgoing');
  }
  if (status !== undefined && !STATUS.test(status)) {
    throw new DocumentError('DOCUMENT_QUERY_INVALID', 'status is a status code 01..16');
  }
  if (sender !== undefined && !/^[A-Za-z0-9.]{2,64}$/.test(sender)) {
    throw new DocumentError('DOCUMENT_QUERY_INVALID', 'sender is a member code or organ id');
  }
  const from = parseDate(query['from'], 'from');
  const to = parseDate(query['to'], 'to');
  return {
    ...(direction ? { direction } : {}),
    ...(status ? { status: status as EdxmlStatusCode } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(sender ? { sender } : {}),
    limit: parseInteger(query['limit'], 20, 100, 'limit') || 20,
    offset: parseInteger(query['offset'], 0, 1_000_000, 'offset'),
  };
}
