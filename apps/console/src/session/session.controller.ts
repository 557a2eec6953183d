import { readFileSync } from 'node:fs';
import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONSOLE_CONFIG, UPSTREAM_SERVICES } from '../console.constants';
import type { ConsoleConfig } from '../console.config';
import { usableServices, type UpstreamServices } from '../upstream/upstream-services';
import type { ConsoleSession, SessionPerson } from './console-session.entity';
import { CurrentSession, SessionGuard } from './session.guard';

/** What the page learns about its session (never a token). */
export interface SessionView {
  readonly person: SessionPerson;
  readonly realm: ConsoleSession['realm'];
  /** To send back in `X-CSRF-Token` on every state-changing call. */
  readonly csrfToken: string;
  readonly expiresAt: string;
  /** Services this person may reach through `/api/upstream/<service>/…`. */
  readonly services: readonly string[];
}

@ApiExcludeController()
@Controller('api')
@UseGuards(SessionGuard)
export class SessionController {
  private readonly anchorPem: string;

  constructor(
    @Inject(UPSTREAM_SERVICES) private readonly upstreams: UpstreamServices,
    @Inject(CONSOLE_CONFIG) config: ConsoleConfig,
  ) {
    this.anchorPem = readFileSync(config.anchorFile, 'utf8');
  }

  @Get('session')
  @Header('Cache-Control', 'no-store')
  session(@CurrentSession() session: ConsoleSession): SessionView {
    return {
      person: session.person,
      realm: session.realm,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      services: usableServices(session.person, this.upstreams),
    };
  }

  /**
   * The bus root CA certificate the page verifies evidence against. It is the console's own
   * configured anchor (given out of band, as every adapter's), not anything an adapter answered.
   */
  @Get('bus-root')
  @Header('Content-Type', 'application/x-pem-file')
  @Header('Cache-Control', 'no-store')
  busRoot(): string {
    return this.anchorPem;
  }
}
