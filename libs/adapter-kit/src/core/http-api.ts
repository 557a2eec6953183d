import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { visit } from 'jsonc-parser';
import { CommonError } from '@lienthong/errors';

/** How an app's HTTP API reads request bodies. */
export interface HttpBodyOptions {
  /** Largest JSON body, as body-parser takes it (`'256kb'`, or bytes). */
  readonly limit: string | number;
  /**
   * Routes that take `multipart/form-data` (`POST /v1/documents`), as `METHOD /path`; their
   * multipart body is left to the route's own upload handling. Every other route takes JSON only.
   */
  readonly multipartRoutes?: readonly string[];
  /** Requests whose body another reader takes as raw bytes (the X-Road edge): left alone. */
  readonly exempt?: (url: string | undefined) => boolean;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/;
const MULTIPART_TYPE = 'multipart/form-data';
const BOM = 0xfeff;

interface MediaType {
  readonly type: string;
  readonly charset?: string;
}

function mediaTypeOf(request: Pick<Request, 'headers'>): MediaType | undefined {
  const header = request.headers['content-type'];
  if (header === undefined || header.trim() === '') {
    return undefined;
  }
  const [type, ...parameters] = header.split(';').map((part) => part.trim());
  const charset = parameters
    .map((p) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(p)?.[1])
    .find((c) => c !== undefined);
  return { type: type.toLowerCase(), ...(charset ? { charset: charset.toLowerCase() } : {}) };
}

/** Whether a request carries a body (RFC 9112 §6.3: a length, or a transfer coding). */
function hasBody(request: Request): boolean {
  return (
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length'] ?? 0) > 0
  );
}

const isJson = (media: MediaType | undefined) =>
  media !== undefined &&
  JSON_TYPE.test(media.type) &&
  (media.charset === undefined || media.charset === 'utf-8' || media.charset === 'utf8');

/**
 * Reads every HTTP request body of an app the one way (adapters, the audit service, trust): a body
 * is JSON in UTF-8 (`application/json` or `application/*+json`), or multipart on the routes that
 * take uploads; anything else (`text/plain`, `application/xml`, a form, no media type) is refused
 * with 415 REQUEST_CONTENT_TYPE_UNSUPPORTED before any handler runs, so nothing is silently dropped
 * and answered as if the body were empty. A JSON body must parse strictly: no byte-order mark
 * (REQUEST_INVALID, as on the bus) and no member named twice in one object
 * (REQUEST_JSON_DUPLICATE_KEY: last-wins would let two readers of the same bytes disagree).
 * Installed before the routes; errors reach the app's RFC 9457 filter.
 */
export function configureHttpBodies(app: INestApplication, options: HttpBodyOptions): void {
  const multipart = new Set(options.multipartRoutes ?? []);
  const exempt = options.exempt ?? (() => false);
  const express = app as NestExpressApplication;
  express.use((request: Request, _response: Response, next: NextFunction) => {
    if (!hasBody(request) || exempt(request.url)) {
      next();
      return;
    }
    const media = mediaTypeOf(request);
    if (isJson(media)) {
      next();
      return;
    }
    if (media?.type === MULTIPART_TYPE && multipart.has(`${request.method} ${request.path}`)) {
      next();
      return;
    }
    next(
      new CommonError(
        'REQUEST_CONTENT_TYPE_UNSUPPORTED',
        `${media ? `${media.type}${media.charset ? `; charset=${media.charset}` : ''}` : 'a body without a media type'} is not read here: send application/json (UTF-8)`,
      ),
    );
  });
  express.useBodyParser('raw', {
    type: (request: IncomingMessage) => !exempt(request.url) && isJson(mediaTypeOf(request)),
    limit: options.limit,
  });
  express.use((request: Request, _response: Response, next: NextFunction) => {
    const raw: unknown = request.body;
    if (!Buffer.isBuffer(raw)) {
      next();
      return;
    }
    try {
      request.body = parseJsonBody(raw);
      next();
    } catch (error) {
      next(error);
    }
  });
}

/** A JSON request body, strictly: UTF-8, no byte-order mark, no member named twice. */
export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    throw new CommonError('REQUEST_INVALID', 'request body is not UTF-8');
  }
  if (text.charCodeAt(0) === BOM) {
    throw new CommonError('REQUEST_INVALID', 'request body starts with a byte-order mark');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CommonError('REQUEST_INVALID', 'request body is not valid JSON');
  }
  const duplicate = duplicateMember(text);
  if (duplicate !== undefined) {
    throw new CommonError(
      'REQUEST_JSON_DUPLICATE_KEY',
      `request body names ${duplicate} twice in one object`,
      { details: { pointer: duplicate } },
    );
  }
  return value;
}

/** The JSON pointer of the first member named twice in an object of valid JSON `text`. */
function duplicateMember(text: string): string | undefined {
  const objects: Set<string>[] = [];
  let found: string | undefined;
  visit(
    text,
    {
      onObjectBegin: () => {
        objects.push(new Set());
      },
      onObjectEnd: () => {
        objects.pop();
      },
      onObjectProperty: (name, _offset, _length, _line, _column, pathSupplier) => {
        const members = objects.at(-1);
        if (members === undefined || found !== undefined) {
          return;
        }
        if (members.has(name)) {
          found = `/${[...pathSupplier(), name].map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
        }
        members.add(name);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return found;
}
