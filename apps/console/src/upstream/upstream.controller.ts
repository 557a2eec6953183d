import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { All, Controller, Inject, Logger, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CONSOLE_CONFIG, UPSTREAM_SERVICES } from '../console.constants';
import type { ConsoleConfig } from '../console.config';
import { ConsoleError } from '../console.errors';
import { SessionGuard, type SessionRequest } from '../session/session.guard';
import { mayUse, type UpstreamServices } from './upstream-services';

const REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'last-event-id'] as const;
const RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'location',
] as const;
const PATH = /^v1(\/[A-Za-z0-9._~%:@!$&'()*+,;=-]+)*\/?$/;

/**
 * `/api/upstream/<service>/<path>`: the page's calls to an adapter, the audit service or the
 * trust service, forwarded with the signed-in person's access token (which the browser never
 * sees). Bodies and answers stream through unchanged (uploads, server-sent events); a service that
 * cannot be reached is CONSOLE_UPSTREAM_UNAVAILABLE with its name, so the page can say which.
 */
@ApiExcludeController()
@Controller('api/upstream')
@UseGuards(SessionGuard)
export class UpstreamController {
  private readonly logger = new Logger('upstream');

  constructor(
    @Inject(UPSTREAM_SERVICES) private readonly upstreams: UpstreamServices,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @All(':service/*path')
  async forward(
    @Param('service') service: string,
    @Req() request: SessionRequest,
    @Res() response: Response,
  ): Promise<void> {
    const session = request.consoleSession;
    const base = this.upstreams.services[service];
    if (!session || !base) {
      throw new ConsoleError('CONSOLE_UPSTREAM_UNKNOWN', `no service ${service.slice(0, 16)}`);
    }
    const prefix = `/api/upstream/${service}/`;
    const rest = request.originalUrl.slice(prefix.length);
    const [path] = rest.split('?');
    if (!mayUse(session.person, this.upstreams, service, request.method, path ?? '')) {
      throw new ConsoleError(
        'CONSOLE_UPSTREAM_FORBIDDEN',
        `a ${session.person.role} may not ${request.method} ${service} through the console`,
        { details: { upstream: service } },
      );
    }
    if (!PATH.test(path ?? '')) {
      throw new ConsoleError('CONSOLE_UPSTREAM_UNKNOWN', 'only the services’ /v1 API is reachable');
    }
    const headers: Record<string, string> = { authorization: `Bearer ${session.accessToken}` };
    for (const name of REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') {
        headers[name] = value;
      }
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.config.upstreamTimeoutMs);
    response.on('close', () => abort.abort());
    const hasBody = !['GET', 'HEAD'].includes(request.method);
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(`${base}/${rest}`, {
        method: request.method,
        headers,
        signal: abort.signal,
        redirect: 'manual',
        ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: 'half' } : {}),
      });
    } catch (error) {
      clearTimeout(timer);
      throw new ConsoleError('CONSOLE_UPSTREAM_UNAVAILABLE', `${service} is not reachable`, {
        cause: error,
        details: { upstream: service },
      });
    }
    // a stream (server-sent events) lives as long as the page keeps it open
    if (upstream.headers.get('content-type')?.startsWith('text/event-stream')) {
      clearTimeout(timer);
    }
    response.status(upstream.status);
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) {
        response.setHeader(name, value);
      }
    }
    try {
      if (upstream.body) {
        response.flushHeaders();
        await pipeline(Readable.fromWeb(upstream.body as never), response);
      } else {
        response.end();
      }
    } catch (error) {
      if (!abort.signal.aborted) {
        this.logger.warn({ err: error, service }, 'upstream answer cut');
      }
      response.destroy();
    } finally {
      clearTimeout(timer);
    }
  }
}
