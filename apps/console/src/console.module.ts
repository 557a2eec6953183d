import { type DynamicModule, Module } from '@nestjs/common';
import { IssuerTrust } from '@lienthong/access-tokens';
import { PersistenceModule, TransactionRunner } from '@lienthong/persistence';
import { AuthController } from './auth/auth.controller';
import { OidcRealms } from './auth/oidc-realms';
import type { ConsoleConfig } from './console.config';
import { CONSOLE_CONFIG, UPSTREAM_SERVICES } from './console.constants';
import { HealthController } from './health.controller';
import { CreateConsoleSessions1796100000000 } from './migrations/1796100000000-create-console-sessions';
import { ConsoleSession, PendingSignIn } from './session/console-session.entity';
import { SessionCookies } from './session/session-cookies';
import { SessionController } from './session/session.controller';
import { SessionGuard } from './session/session.guard';
import { SessionStore } from './session/session.store';
import { UpstreamController } from './upstream/upstream.controller';
import { readUpstreamServices } from './upstream/upstream-services';
import { WebAppController } from './web-app.controller';

/** Schema of the console's own tables (sessions). */
export const CONSOLE_SCHEMA = 'console';

/**
 * The console's back end for its front end: sign-in (OIDC), sessions, the page's calls to the
 * services with the person's token, and the single-page application itself.
 */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.db.url,
            schema: CONSOLE_SCHEMA,
            entities: [ConsoleSession, PendingSignIn],
            migrations: [CreateConsoleSessions1796100000000],
            poolMax: config.db.poolMax,
            applicationName: 'console',
          }),
        }),
      ],
      controllers: [
        HealthController,
        AuthController,
        SessionController,
        UpstreamController,
        // last: its catch-all route answers the page's own paths
        WebAppController,
      ],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: UPSTREAM_SERVICES, useValue: readUpstreamServices(config.upstreamsFile) },
        { provide: SessionCookies, useValue: new SessionCookies(config.http.publicUrl) },
        {
          provide: SessionStore,
          useFactory: (runner: TransactionRunner) => new SessionStore(runner, config.session),
          inject: [TransactionRunner],
        },
        {
          provide: OidcRealms,
          useValue: new OidcRealms(
            config.oidc,
            `${config.http.publicUrl}/auth/callback`,
            IssuerTrust.fromFile(config.tokenIssuersFile),
          ),
        },
        SessionGuard,
      ],
    };
  }
}
