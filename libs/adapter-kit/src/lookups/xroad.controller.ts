import { randomUUID } from 'node:crypto';
import { All, Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Party } from '@lienthong/envelope';
import { isAppError, toAppError } from '@lienthong/errors';
import type { VerifiedConfiguration } from '@lienthong/trust';
import { ADAPTER_CONFIG } from '../core/adapter-kit.constants';
import type { AdapterConfig } from '../core/adapter.config';
import { BusRuntime } from '../core/bus-runtime';
import { LookupClient, ProviderRefusal, type LookupEvidence } from './lookup-client';
import { assertClientIsSystem, authenticateClientSystem } from './xroad-client-auth';
import { listClients, listClientsXml, listMethods, serviceOpenApi } from './xroad-metadata';
import {
  XROAD_MEMBER_CLASS,
  XRoadFault,
  assertSingleHeaders,
  faultStatus,
  faultTypeOf,
  formatXRoadId,
  parseClientHeader,
  parseRequestTarget,
  readTextHeader,
  requestHash,
  type XRoadClientId,
  type XRoadServiceId,
} from './xroad-protocol';

/** Lienthong's extension headers (PR-REST §4.3 leaves extension headers to the parties). */
export const XROAD_PROCEDURE_HEADER = 'x-lienthong-procedure';
export const XROAD_LEGAL_BASIS_HEADER = 'x-lienthong-legal-basis';

const JSON_TYPE = 'application/json; charset=utf-8';
const MESSAGE_ID = /^[\x21-\x7e]{1,255}$/;

/** Where a refused edge request stands: what the response must still carry. */
interface EdgeContext {
  messageId: string;
  requestId?: string;
  client?: XRoadClientId;
  service?: XRoadServiceId;
}

/**
 * The X-Road Message Protocol for REST (PR-REST 1.0.3) at this adapter: an information system that
 * already talks to an X-Road security server calls `/r1/{instance}/GOV/{member}/{subsystem}/{service}`
 * here instead, and the adapter makes the purpose-bound, signed bus look-up for it. The calling
 * system is authenticated by a TLS client certificate the bus issued to a subsystem of this
 * adapter's member (never by the `X-Road-Client` header alone); the metaservices listClients,
 * listMethods, allowedMethods and getOpenAPI answer from the signed global configuration.
 * What is not supported is listed in docs/protocol.md §15.
 */
@ApiExcludeController()
@Controller()
export class XRoadController {
  constructor(
    private readonly runtime: BusRuntime,
    private readonly client: LookupClient,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {}

  @Get('listClients')
  listClients(@Req() req: Request, @Res() res: Response): void {
    const context: EdgeContext = { messageId: randomUUID() };
    try {
      assertSingleHeaders(req.rawHeaders);
      const configuration = this.configuration();
      authenticateClientSystem(req, configuration, this.runtime.self.member);
      const instance = new URL(req.originalUrl, 'http://edge.invalid').searchParams.get(
        'xRoadInstance',
      );
      const config = configuration.config;
      const clients =
        instance && instance !== config.instance ? { ...config, members: [] } : config;
      if ((req.headers.accept ?? '').includes('application/json')) {
        this.send(res, context, 200, listClients(clients));
      } else {
        res.status(200).type('text/xml; charset=utf-8').send(listClientsXml(clients));
      }
    } catch (error) {
      this.fail(res, context, error);
    }
  }

  @All('r1/*path')
  async call(@Req() req: Request, @Res() res: Response): Promise<void> {
    const context: EdgeContext = { messageId: randomUUID() };
    try {
      assertSingleHeaders(req.rawHeaders, [XROAD_PROCEDURE_HEADER, XROAD_LEGAL_BASIS_HEADER]);
      const given = req.headers['x-road-id'];
      if (typeof given === 'string' && MESSAGE_ID.test(given)) {
        context.messageId = given;
      }
      const target = parseRequestTarget(req.originalUrl);
      context.service = target.service;
      const header = req.headers['x-road-client'];
      if (typeof header !== 'string') {
        throw new XRoadFault('Client.MissingHeaderField', 'the X-Road-Client header is required');
      }
      const client = parseClientHeader(header);
      context.client = client;
      const configuration = this.configuration();
      const system = authenticateClientSystem(req, configuration, this.runtime.self.member);
      assertClientIsSystem(client, system, configuration);
      const { serviceCode } = target.service;
      if (serviceCode === 'listMethods' || serviceCode === 'allowedMethods') {
        this.expectGet(req, target.servicePath);
        const provider = this.provider(target.service, configuration);
        this.send(
          res,
          context,
          200,
          listMethods(
            configuration.config,
            provider,
            serviceCode === 'allowedMethods' ? this.runtime.self : undefined,
          ),
        );
        return;
      }
      if (serviceCode === 'getOpenAPI') {
        this.expectGet(req, target.servicePath);
        const provider = this.provider(target.service, configuration);
        const wanted = new URLSearchParams(target.query).getAll('serviceCode');
        const service = wanted.length === 1 ? configuration.service(wanted[0]) : undefined;
        if (
          !service ||
          service.provider.member !== provider.member ||
          service.provider.subsystem !== provider.subsystem
        ) {
          throw new XRoadFault(
            wanted.length === 1 ? 'Server.ClientProxy.UnknownService' : 'Client.BadRequest',
            'getOpenAPI needs serviceCode=<a service of this provider>, once',
          );
        }
        this.send(
          res,
          context,
          200,
          serviceOpenApi(configuration.config, service, (id) => this.runtime.schemas.get(id)),
        );
        return;
      }
      await this.lookup(req, res, context, target, system, configuration);
    } catch (error) {
      this.fail(res, context, error);
    }
  }

  private async lookup(
    req: Request,
    res: Response,
    context: EdgeContext,
    target: ReturnType<typeof parseRequestTarget>,
    system: Party,
    configuration: VerifiedConfiguration,
  ): Promise<void> {
    if (req.method !== 'POST') {
      throw new XRoadFault('Client.InvalidHttpMethod', 'a look-up is a POST of its request (JSON)');
    }
    if ((target.servicePath !== '' && target.servicePath !== '/') || target.query !== '') {
      throw new XRoadFault(
        'Client.BadRequest',
        'a look-up takes no path or query after the service code',
      );
    }
    const service = configuration.service(target.service.serviceCode);
    if (
      !service ||
      service.provider.member !== target.service.memberCode ||
      service.provider.subsystem !== target.service.subsystemCode ||
      target.service.instance !== configuration.config.instance ||
      target.service.memberClass !== XROAD_MEMBER_CLASS
    ) {
      throw new XRoadFault(
        'Server.ClientProxy.UnknownService',
        'no such service on this bus',
        'LOOKUP_SERVICE_UNKNOWN',
      );
    }
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      throw new XRoadFault(
        'Client.InvalidContentType',
        'the request body must be application/json',
      );
    }
    const body = await readBody(req, byteSize(this.config.http.bodyLimit));
    let query: unknown;
    try {
      query = JSON.parse(body.toString('utf8'));
    } catch {
      throw new XRoadFault(
        'Client.InvalidBody',
        'the request body is not JSON',
        'LOOKUP_REQUEST_INVALID',
      );
    }
    if (!query || typeof query !== 'object' || Array.isArray(query)) {
      throw new XRoadFault(
        'Client.InvalidBody',
        'the request body must be a JSON object',
        'LOOKUP_REQUEST_INVALID',
      );
    }
    const procedure = readTextHeader(
      header(req, XROAD_PROCEDURE_HEADER),
      'X-Lienthong-Procedure',
      64,
    );
    const legalBasis = readTextHeader(
      header(req, XROAD_LEGAL_BASIS_HEADER),
      'X-Lienthong-Legal-Basis',
      255,
    );
    const caseId = readTextHeader(header(req, 'x-road-issue'), 'X-Road-Issue', 255);
    const userId = readTextHeader(header(req, 'x-road-userid'), 'X-Road-UserId', 64);
    if (!procedure || !legalBasis || !caseId) {
      throw new XRoadFault(
        'Client.MissingHeaderField',
        'X-Lienthong-Procedure, X-Lienthong-Legal-Basis and X-Road-Issue (the case) are required',
        'ACCESS_PURPOSE_MISSING',
      );
    }
    if (!userId) {
      throw new XRoadFault(
        'Client.MissingHeaderField',
        'X-Road-UserId (the acting official) is required',
      );
    }
    let result;
    try {
      result = await this.client.lookup({
        service: service.code,
        query: query as Record<string, unknown>,
        purpose: { procedure, legalBasis, caseId },
        officer: { id: userId, role: 'officer', unit: `${system.member}/${system.subsystem}` },
      });
    } catch (error) {
      const evidence =
        error instanceof ProviderRefusal
          ? (error.details?.['evidence'] as LookupEvidence)
          : undefined;
      if (evidence) {
        context.requestId = evidence.requestId;
      }
      throw error;
    }
    context.requestId = result.evidence.requestId;
    res.setHeader(
      'X-Road-Request-Hash',
      requestHash({
        method: req.method,
        rawUrl: req.originalUrl,
        rawHeaders: req.rawHeaders,
        requestId: result.evidence.requestId,
        body,
      }),
    );
    this.send(res, context, 200, { ...result.answer, evidence: result.evidence });
  }

  /** The verified configuration, or the X-Road fault of its absence. */
  private configuration(): VerifiedConfiguration {
    try {
      return this.runtime.configuration.current();
    } catch (error) {
      throw new XRoadFault(
        'Server.ClientProxy.OutdatedGlobalConf',
        'no valid global configuration',
        toAppError(error).code,
      );
    }
  }

  private provider(service: XRoadServiceId, configuration: VerifiedConfiguration): Party {
    const member = configuration.member(service.memberCode);
    if (
      service.instance !== configuration.config.instance ||
      service.memberClass !== XROAD_MEMBER_CLASS ||
      !member?.subsystems.some((s) => s.code === service.subsystemCode)
    ) {
      throw new XRoadFault(
        'Server.ClientProxy.UnknownMember',
        'no such member or subsystem on this bus',
      );
    }
    return { member: service.memberCode, subsystem: service.subsystemCode };
  }

  private expectGet(req: Request, servicePath: string): void {
    if (req.method !== 'GET') {
      throw new XRoadFault('Client.InvalidHttpMethod', 'metaservices are called with GET');
    }
    if (servicePath !== '' && servicePath !== '/') {
      throw new XRoadFault('Client.BadRequest', 'metaservices take no path');
    }
  }

  private send(res: Response, context: EdgeContext, status: number, body: unknown): void {
    res.setHeader('X-Road-Id', context.messageId);
    if (context.requestId) {
      res.setHeader('X-Road-Request-Id', context.requestId);
    }
    if (context.client) {
      res.setHeader('X-Road-Client', formatXRoadId(context.client));
    }
    if (context.service) {
      res.setHeader('X-Road-Service', formatXRoadId(context.service));
    }
    res.status(status).type(JSON_TYPE).send(JSON.stringify(body));
  }

  /** An error the edge answers itself: X-Road's body and header (PR-REST §4.6), Lienthong's code. */
  private fail(res: Response, context: EdgeContext, error: unknown): void {
    let type: string;
    let message: string;
    let code: string | undefined;
    let evidence: LookupEvidence | undefined;
    if (error instanceof XRoadFault) {
      ({ type, message, code } = error);
    } else {
      const appError = toAppError(error);
      code = appError.code;
      const signed = error instanceof ProviderRefusal;
      evidence = signed
        ? (appError.details?.['evidence'] as LookupEvidence | undefined)
        : undefined;
      type = faultTypeOf(code, signed);
      message =
        isAppError(error) && code !== 'INTERNAL_ERROR' ? appError.message : 'internal error';
      if (appError.logLevel === 'error') {
        this.runtime.logger.error(
          { err: error, code, messageId: context.messageId },
          'X-Road request failed',
        );
      }
      if (appError.retryable) {
        res.setHeader('Retry-After', '1');
      }
    }
    if (type.startsWith('Server.ClientProxy.SslAuthentication') || type.endsWith('AccessDenied')) {
      this.runtime.logger.warn(
        {
          xroadType: type,
          code,
          messageId: context.messageId,
          client: context.client && formatXRoadId(context.client),
        },
        'X-Road request refused',
      );
    }
    res.setHeader('X-Road-Error', type);
    this.send(res, context, faultStatus(type), {
      type,
      message: message.slice(0, 500),
      detail: context.requestId ?? context.messageId,
      ...(code ? { code } : {}),
      ...(evidence ? { evidence } : {}),
    });
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** `64kb`, `1mb` (the adapter's HTTP_BODY_LIMIT) in bytes. */
export function byteSize(limit: string): number {
  const match = /^([0-9]+)(kb|mb)$/.exec(limit);
  return match ? Number(match[1]) * (match[2] === 'mb' ? 1_048_576 : 1024) : 65_536;
}

/** Reads the request body as bytes, refusing more than `limit` (the adapter's body limit). */
function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(
          new XRoadFault(
            'Client.InvalidBody',
            `the request body is larger than ${limit} bytes`,
            'REQUEST_TOO_LARGE',
          ),
        );
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
