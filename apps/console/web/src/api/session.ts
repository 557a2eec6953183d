import { useQuery } from '@tanstack/react-query';
import { ProblemError, toProblemError } from './problem';

/** The signed-in person, as the console's back end describes the session (never a token). */
export interface Person {
  readonly subject: string;
  readonly name?: string;
  readonly role: 'officer' | 'auditor' | 'operator' | 'leader' | 'citizen';
  readonly member?: string;
  readonly unit?: string;
  readonly personalId?: string;
}

export interface SessionView {
  readonly person: Person;
  readonly realm: 'staff' | 'citizen';
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly services: readonly string[];
}

let csrfToken = '';

/** The anti-forgery token of the current session, sent on every state-changing call. */
export function currentCsrfToken(): string {
  return csrfToken;
}

/** Plain JSON call to the console's own back end (session, sign-out, bus root). */
export async function consoleFetch(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: {
        ...(init.method && init.method !== 'GET' ? { 'X-CSRF-Token': csrfToken } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  } catch {
    throw new ProblemError('CONSOLE_OFFLINE', 0, 'the console cannot be reached');
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => ({}));
    throw toProblemError(body, response.status);
  }
  return response;
}

export const SESSION_KEY = ['session'] as const;

async function loadSession(): Promise<SessionView | null> {
  try {
    const session = (await (await consoleFetch('/api/session')).json()) as SessionView;
    csrfToken = session.csrfToken;
    return session;
  } catch (error) {
    if (
      error instanceof ProblemError &&
      (error.code === 'CONSOLE_SESSION_MISSING' || error.code === 'CONSOLE_SESSION_EXPIRED')
    ) {
      csrfToken = '';
      // remember why there is no session, so the sign-in page can say the old one expired
      if (error.code === 'CONSOLE_SESSION_EXPIRED') {
        sessionExpired = true;
      }
      return null;
    }
    throw error;
  }
}

let sessionExpired = false;

/** Whether the last session ended because it expired (the sign-in page says so once). */
export function takeSessionExpired(): boolean {
  const value = sessionExpired;
  sessionExpired = false;
  return value;
}

/** Marks the session as expired (a service refused its token): the page goes back to sign-in. */
export function markSessionExpired(): void {
  sessionExpired = true;
}

/** The current session, or null when nobody is signed in. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: 60_000, retry: false });
}

/** Signs out here and at the identity provider. */
export async function signOut(): Promise<void> {
  const answer = (await (await consoleFetch('/auth/sign-out', { method: 'POST' })).json()) as {
    redirect: string;
  };
  window.location.assign(answer.redirect);
}
