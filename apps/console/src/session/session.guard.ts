import { timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  createParamDecorator,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConsoleError } from '../console.errors';
import type { ConsoleSession } from './console-session.entity';
import { SessionCookies } from './session-cookies';
import { SessionStore } from './session.store';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request that passed the {@link SessionGuard}. */
export type SessionRequest = Request & { consoleSession?: ConsoleSession };

/** The session of a request behind {@link SessionGuard}. */
export const CurrentSession = createParamDecorator(
  (_: unknown, context: ExecutionContext): ConsoleSession => {
    const session = context.switchToHttp().getRequest<SessionRequest>().consoleSession;
    if (!session) {
      throw new ConsoleError('CONSOLE_SESSION_MISSING', 'sign in first');
    }
    return session;
  },
);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Every /api route needs a live session (401 CONSOLE_SESSION_MISSING or _EXPIRED otherwise; an
 * expired one is deleted and its cookie cleared). A state-changing request must also carry the
 * session's anti-forgery token in `X-CSRF-Token` and, when the browser sends one, an `Origin` of
 * the console itself (CONSOLE_CSRF_INVALID): the cookie alone never authorises a change.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly store: SessionStore,
    private readonly cookies: SessionCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<SessionRequest>();
    const response = http.getResponse<Response>();
    const id = this.cookies.sessionId(request);
    if (!id) {
      throw new ConsoleError('CONSOLE_SESSION_MISSING', 'sign in first');
    }
    const session = await this.store.touch(id);
    if (session === 'expired' || session === 'missing') {
      this.cookies.clearSession(response);
      throw new ConsoleError(
        session === 'expired' ? 'CONSOLE_SESSION_EXPIRED' : 'CONSOLE_SESSION_MISSING',
        session === 'expired' ? 'the session has expired' : 'sign in first',
      );
    }
    if (!SAFE_METHODS.has(request.method)) {
      const token = request.headers['x-csrf-token'];
      const origin = request.headers.origin;
      if (
        typeof token !== 'string' ||
        !sameSecret(token, session.csrfToken) ||
        (origin !== undefined && origin !== this.cookies.origin)
      ) {
        throw new ConsoleError('CONSOLE_CSRF_INVALID', 'missing or wrong X-CSRF-Token or Origin');
      }
    }
    request.consoleSession = session;
    return true;
  }
}
