import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { configureHttpBodies } from '@lienthong/adapter-kit';
import { SchemaRegistry, addProblemResponses } from '@lienthong/schema';
import { createLogger, NestPinoLogger } from '@lienthong/telemetry';
import { type TrustConfig } from './trust.config';
import { TrustModule } from './trust.module';

/** Largest accepted request body: a CSR or a service definition is a few kilobytes. */
const BODY_LIMIT = '64kb';

/**
 * Creates the trust service (not yet listening): migrations run, the CA is loaded or created,
 * the first configuration is published during `init()`. OpenAPI is served at `/docs`.
 */
export async function createTrustApp(config: TrustConfig): Promise<INestApplication> {
  const logger = new NestPinoLogger(createLogger({ name: 'trust' }));
  const app = await NestFactory.create<NestExpressApplication>(TrustModule.forRoot(config), {
    logger,
    bodyParser: false,
  });
  configureHttpBodies(app, { limit: BODY_LIMIT });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Lienthong trust service')
      .setDescription('Members, certificates, service catalog, rights and the global configuration')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // every route answers its errors as RFC 9457 problem+json, described by its schema in schemas/
  addProblemResponses(document, new SchemaRegistry());
  SwaggerModule.setup('docs', app, document);
  await app.init();
  return app;
}
