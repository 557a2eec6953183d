import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isAppError, toAppError } from '@lienthong/errors';
import { CONSOLE_CONFIG } from '../console.constants';
import type { ConsoleConfig } from '../console.config';
import type { Realm } from '../session/console-session.entity';
import { SessionCookies } from '../session/session-cookies';
import { CurrentSession, SessionGuard } from '../session/session.guard';
import type { ConsoleSession } from '../session/console-session.entity';
import { SessionStore } from '../session/session.store';
import { OidcRealms } from './oidc-realms';

/** A path inside the console to come back to after signing in (never another origin). */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,299}$/.test(value) ? value : '/';
}

/**
 * Sign-in and sign-out. `/auth/sign-in` sends the browser to the realm's identity provider with
 * a fresh PKCE verifier, state and nonce (kept server-side under a one-time cookie); the provider
 * sends it back to `/auth/callback`, where the code is exchanged and the session opened. No token
 * ever reaches the browser.
 */
@ApiExcludeController()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly realms: OidcRealms,
    private readonly store: SessionStore,
    private readonly cookies: SessionCookies,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get('sign-in')
  async signIn(
    @Query('realm') realmParam: unknown,
    @Query('returnTo') returnTo: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const realm: Realm = realmParam === 'citizen' ? 'citizen' : 'staff';
    try {
      const start = await this.realms.start(realm);
      const id = await this.store.beginSignIn({
        realm,
        codeVerifier: start.codeVerifier,
        state: start.state,
        nonce: start.nonce,
        returnTo: safeReturnTo(returnTo),
      });
      this.cookies.setSignIn(response, id);
      response.redirect(303, start.url);
    } catch (error) {
      response.redirect(303, `/?signInError=${toAppError(error).code}`);
    }
  }

  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const id = this.cookies.signInId(request);
    this.cookies.clearSignIn(response);
    const pending = id ? await this.store.takeSignIn(id) : undefined;
    if (!pending) {
      response.redirect(303, '/?signInError=CONSOLE_SIGN_IN_FAILED');
      return;
    }
    try {
      const callbackUrl = new URL(request.originalUrl, this.config.http.publicUrl);
      const signedIn = await this.realms.finish(pending.realm, callbackUrl, pending);
      const { id: sessionId, session } = await this.store.open({
        realm: pending.realm,
        person: signedIn.person,
        accessToken: signedIn.accessToken,
        idToken: signedIn.idToken,
        tokenExpiresAt: signedIn.expiresAt,
      });
      this.cookies.setSession(response, sessionId, session.expiresAt);
      response.redirect(303, pending.returnTo);
    } catch (error) {
      const code = isAppError(error) ? error.code : 'CONSOLE_SIGN_IN_FAILED';
      response.redirect(303, `/?signInError=${code}`);
    }
  }

  /** Ends the session here, then tells the page where to end the provider's session. */
  @Post('sign-out')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  async signOut(
    @CurrentSession() session: ConsoleSession,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ redirect: string }> {
    const id = this.cookies.sessionId(request);
    if (id) {
      await this.store.close(id);
    }
    this.cookies.clearSession(response);
    const home = `${this.config.http.publicUrl}/`;
    try {
      return { redirect: await this.realms.endSessionUrl(session.realm, session.idToken, home) };
    } catch {
      return { redirect: home };
    }
  }
}
