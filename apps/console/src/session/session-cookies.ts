import type { CookieOptions, Request, Response } from 'express';

/**
 * The console's two cookies: the session id and the id of a sign-in under way. Both httpOnly
 * (no script reads them), SameSite=Lax (sent on the IdP's redirect back, a top-level GET; never
 * on a cross-site POST) and Secure whenever the console is served over https, where the session
 * cookie takes the `__Host-` prefix (no Domain, Path=/).
 */
export class SessionCookies {
  readonly origin: string;
  private readonly secure: boolean;
  private readonly sessionName: string;
  private readonly signInName: string;

  constructor(publicUrl: string) {
    const url = new URL(publicUrl);
    this.origin = url.origin;
    this.secure = url.protocol === 'https:';
    this.sessionName = this.secure ? '__Host-lt_session' : 'lt_session';
    this.signInName = this.secure ? '__Host-lt_sign_in' : 'lt_sign_in';
  }

  private options(maxAgeMs?: number): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: '/',
      ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
    };
  }

  sessionId(request: Request): string | undefined {
    const value = (request.cookies as Record<string, unknown> | undefined)?.[this.sessionName];
    return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }

  setSession(response: Response, id: string, expiresAt: Date): void {
    response.cookie(this.sessionName, id, this.options(expiresAt.getTime() - Date.now()));
  }

  clearSession(response: Response): void {
    response.clearCookie(this.sessionName, this.options());
  }

  signInId(request: Request): string | undefined {
    const value = (request.cookies as Record<string, unknown> | undefined)?.[this.signInName];
    return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }

  setSignIn(response: Response, id: string): void {
    response.cookie(this.signInName, id, this.options(10 * 60_000));
  }

  clearSignIn(response: Response): void {
    response.clearCookie(this.signInName, this.options());
  }
}
