import { defineErrorArea } from '@lienthong/errors';

/** Codes of the console's own back end (sessions, sign-in, calls to the services). */
export const ConsoleErrorCode = {
  CONSOLE_SESSION_MISSING: { httpStatus: 401, retryable: false, title: 'Not signed in' },
  CONSOLE_SESSION_EXPIRED: {
    httpStatus: 401,
    retryable: false,
    logLevel: 'info',
    title: 'The session has expired; sign in again',
  },
  CONSOLE_CSRF_INVALID: {
    httpStatus: 403,
    retryable: false,
    title: 'The request did not carry the session’s anti-forgery token',
  },
  CONSOLE_SIGN_IN_FAILED: {
    httpStatus: 400,
    retryable: false,
    logLevel: 'warn',
    title: 'The identity provider’s answer could not be accepted',
  },
  CONSOLE_UPSTREAM_FORBIDDEN: {
    httpStatus: 403,
    retryable: false,
    title: 'The signed-in person may not use this service through the console',
  },
  CONSOLE_UPSTREAM_UNKNOWN: { httpStatus: 404, retryable: false, title: 'No such service' },
  CONSOLE_OFFLINE: {
    httpStatus: 503,
    retryable: true,
    title: 'The console cannot be reached (the page found no answer at all)',
  },
  CONSOLE_UPSTREAM_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title: 'The service is not reachable',
  },
} as const;

export class ConsoleError extends defineErrorArea('ConsoleError', ConsoleErrorCode) {}
