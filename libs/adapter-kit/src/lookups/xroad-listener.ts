import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpBodies } from '../core/http-api';

/** Paths of the X-Road REST edge: their bodies are read (and hashed) by the edge itself. */
export function isXRoadPath(url: string | undefined): boolean {
  return (
    url !== undefined &&
    (url.startsWith('/r1/') || url === '/listClients' || url.startsWith('/listClients?'))
  );
}

/**
 * The body reader of an adapter (configureHttpBodies: JSON in UTF-8, multipart on `multipartRoutes`,
 * 415 otherwise), leaving X-Road requests alone: the edge needs the exact bytes (for
 * `X-Road-Request-Hash`) and answers a malformed body in X-Road's words, not RFC 9457's.
 */
export function useAdapterBodyParser(
  app: NestExpressApplication,
  limit: string,
  multipartRoutes: readonly string[] = [],
): void {
  configureHttpBodies(app, { limit, multipartRoutes, exempt: isXRoadPath });
}

/** How the edge's TLS listener is set up (`XROAD_TLS_PORT`, `XROAD_TLS_CERT_FILE`, `XROAD_TLS_KEY_FILE`). */
export interface XRoadListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * Serves the adapter's HTTP application over TLS as well, asking every client for its certificate.
 * The handshake proves the client holds the certificate's key; which certificates count is decided
 * per request against the global configuration of the moment (xroad.controller.ts), so a rotation
 * or a revocation applies without a restart. Like X-Road's internal TLS certificate, the server's
 * is the adapter's own (clients pin it).
 */
export async function startXRoadListener(
  app: INestApplication,
  options: XRoadListenerOptions,
): Promise<{ server: Server; port: number }> {
  const server = createServer(
    {
      cert: readFileSync(options.certFile),
      key: readFileSync(options.keyFile),
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    app.getHttpAdapter().getInstance() as Parameters<typeof createServer>[1],
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
