import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { exitOnConfigError } from '@lienthong/config';
import { ProblemFilter, toAppError } from '@lienthong/errors';
import { addProblemResponses, addSchemaComponents } from '@lienthong/schema';
import { NestPinoLogger, createLogger } from '@lienthong/telemetry';
import { loadAdapterConfig } from './core/adapter.config';
import { BusRuntime } from './core/bus-runtime';
import { AdapterKitModule } from './adapter-kit.module';
import type { AgencyDefinition } from './agency-definition';
import { XRoadEdgeServer } from './lookups/xroad-edge-server';
import { startXRoadListener, useAdapterBodyParser } from './lookups/xroad-listener';
import { DOCUMENT_UPLOAD_ROUTE } from './documents/documents.constants';

/**
 * Boots an agency adapter: validated config (exit 78 listing every problem), Nest app with the
 * kit, strict JSON bodies (configureHttpBodies), RFC 9457 errors, OpenAPI at /docs, graceful shutdown on SIGINT/SIGTERM.
 * A dependency that cannot be reached at boot ends the process with one clear line, no stack.
 */
export async function runAdapter(agency: AgencyDefinition): Promise<void> {
  const name = `${agency.member}/${agency.subsystem}`;
  let config;
  try {
    config = loadAdapterConfig(undefined, { requireOfficerKey: agency.consumerApi !== false });
  } catch (error) {
    exitOnConfigError(error, name);
  }
  const logger = createLogger({ name: agency.member.toLowerCase(), level: config.logLevel });
  try {
    const app = await NestFactory.create<NestExpressApplication>(
      AdapterKitModule.forAgency(agency, config),
      {
        logger: new NestPinoLogger(logger),
        bodyParser: false,
      },
    );
    useAdapterBodyParser(
      app,
      config.http.bodyLimit,
      agency.documents ? [DOCUMENT_UPLOAD_ROUTE] : [],
    );
    // express hashes every response body for an ETag; nothing here answers conditional requests,
    // and look-up answers are never the same twice (each carries its own signed evidence)
    app.set('etag', false);
    app.useGlobalFilters(new ProblemFilter());
    app.enableShutdownHooks();
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(`Lienthong adapter — ${agency.title}`)
        .setDescription(
          `Consumer API of ${name}: purpose-bound look-ups and the agency's own services.`,
        )
        .addBearerAuth()
        .build(),
    );
    // request bodies and errors described by the schemas the adapter validates them with
    const { schemas } = app.get(BusRuntime);
    addSchemaComponents(document, schemas);
    addProblemResponses(document, schemas);
    SwaggerModule.setup('docs', app, document);
    await app.listen(config.http.port, config.http.host);
    logger.info({ url: `http://${config.http.host}:${config.http.port}` }, `${name} adapter ready`);
    if (config.xroad && agency.consumerApi !== false) {
      const edge = await startXRoadListener(app, { host: config.http.host, ...config.xroad });
      app.get(XRoadEdgeServer).attach(edge.server);
      logger.info(
        { url: `https://${config.http.host}:${edge.port}/r1/` },
        `${name} X-Road REST edge ready (mutual TLS)`,
      );
    }
  } catch (error) {
    const appError = toAppError(error);
    process.stderr.write(
      `${name}: cannot start: ${appError.code === 'INTERNAL_ERROR' ? String(error) : appError.message}\n`,
    );
    process.exit(1);
  }
}
