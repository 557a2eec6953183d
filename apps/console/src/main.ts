import './instrument';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { exitOnConfigError } from '@lienthong/config';
import { ProblemFilter, toAppError } from '@lienthong/errors';
import { NestPinoLogger, createLogger } from '@lienthong/telemetry';
import { type ConsoleConfig, loadConsoleConfig } from './console.config';
import { ConsoleModule } from './console.module';
import { SessionStore } from './session/session.store';

/** Security headers of every answer; the page loads nothing from elsewhere and runs no inline code. */
function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  );
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  next();
}

async function main(): Promise<void> {
  let config: Readonly<ConsoleConfig>;
  try {
    config = loadConsoleConfig();
  } catch (error) {
    exitOnConfigError(error, 'console');
  }
  const logger = createLogger({ name: 'console', level: config.logLevel });
  try {
    const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forRoot(config), {
      logger: new NestPinoLogger(logger),
      // request bodies stream through to the services untouched (uploads): no body parser here
      bodyParser: false,
    });
    app.set('etag', false);
    app.disable('x-powered-by');
    app.set('trust proxy', false);
    app.use(securityHeaders);
    app.use(cookieParser());
    app.useStaticAssets(config.webDir, {
      index: false,
      setHeaders: (response: Response, path: string) =>
        response.setHeader(
          'Cache-Control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
        ),
    });
    app.useGlobalFilters(new ProblemFilter());
    app.enableShutdownHooks();
    const store = app.get(SessionStore);
    const sweeper = setInterval(() => void store.sweep().catch(() => undefined), 10 * 60_000);
    sweeper.unref();
    await app.listen(config.http.port, config.http.host);
    logger.info({ url: config.http.publicUrl }, 'console ready');
  } catch (error) {
    const appError = toAppError(error);
    process.stderr.write(
      `console: cannot start: ${appError.code === 'INTERNAL_ERROR' ? String(error) : appError.message}\n`,
    );
    process.exit(1);
  }
}

void main();
