import { randomUUID } from 'node:crypto';
import { defineErrorArea } from './coded-error';

/** Codes every part of the bus may raise, not tied to one library. */
export const CommonErrorCode = {
  INTERNAL_ERROR: { httpStatus: 500, retryable: true, logLevel: 'error', title: 'Internal error' },
  REQUEST_INVALID: { httpStatus: 400, retryable: false, title: 'Request is invalid' },
  REQUEST_TOO_LARGE: { httpStatus: 413, retryable: false, title: 'Request body is too large' },
  REQUEST_CONTENT_TYPE_UNSUPPORTED: {
    httpStatus: 415,
    retryable: false,
    title: 'Request body is not of a media type this route reads (application/json, UTF-8)',
  },
  REQUEST_JSON_DUPLICATE_KEY: {
    httpStatus: 400,
    retryable: false,
    title: 'Request body names the same member twice in one JSON object',
  },
  RESOURCE_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'Resource not found' },
  RESOURCE_CONFLICT: { httpStatus: 409, retryable: false, title: 'Resource already exists' },
  AUTH_TOKEN_MISSING: { httpStatus: 401, retryable: false, title: 'Bearer token missing' },
  AUTH_TOKEN_INVALID: {
    httpStatus: 401,
    retryable: false,
    title: 'Bearer token invalid or expired',
  },
  AUTH_ROLE_FORBIDDEN: { httpStatus: 403, retryable: false, title: 'Role may not do this' },
  AUTH_MEMBER_FORBIDDEN: {
    httpStatus: 403,
    retryable: false,
    title: 'The signed-in person acts for another agency',
  },
  DEPENDENCY_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title: 'A dependency is unavailable',
  },
} as const;

export class CommonError extends defineErrorArea('CommonError', CommonErrorCode) {}

/**
 * An unexpected failure made opaque for the caller: the message and stack stay in our logs,
 * the caller sees only INTERNAL_ERROR and the `errorId` that finds the log line (novu style).
 */
export class InternalError extends CommonError {
  readonly errorId: string;

  constructor(cause: unknown, errorId: string = randomUUID()) {
    super('INTERNAL_ERROR', `internal error ${errorId}`, { cause, details: { errorId } });
    this.errorId = errorId;
  }
}
