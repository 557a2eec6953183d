import { isAppError, type AppError } from './app-error';
import { InternalError } from './common.errors';

/** RFC 9457 problem details, with our stable `code` extension member. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errorId?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Base URI of problem types; each code is documented at `<base><CODE>` (docs/errors.md). */
export const PROBLEM_TYPE_BASE = 'urn:lienthong:problem:';

/** Normalises anything thrown into an AppError; unknown failures become an opaque InternalError. */
export function toAppError(error: unknown): AppError {
  return isAppError(error) ? error : new InternalError(error);
}

/** Maps an error to RFC 9457 problem details. Unknown errors never leak their message. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const appError = toAppError(error);
  const title = (appError as { title?: unknown }).title;
  return {
    type: `${PROBLEM_TYPE_BASE}${appError.code}`,
    title: typeof title === 'string' ? title : appError.code,
    status: appError.httpStatus,
    detail: appError instanceof InternalError ? 'An internal error occurred.' : appError.message,
    code: appError.code,
    ...(appError.details ?? {}),
    ...(instance ? { instance } : {}),
  };
}
