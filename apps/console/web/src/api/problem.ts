/** An RFC 9457 problem the console or a service answered, with its stable code. */
export class ProblemError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    /** The service that answered or could not be reached (CONSOLE_UPSTREAM_*). */
    readonly upstream?: string,
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

const CODE = /^[A-Z][A-Z0-9_]{2,80}$/;

/** Reads a problem body (or anything else a failed call gave) into a {@link ProblemError}. */
export function toProblemError(body: unknown, status: number): ProblemError {
  if (body instanceof ProblemError) {
    return body;
  }
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const code =
    typeof problem['code'] === 'string' && CODE.test(problem['code']) ? problem['code'] : undefined;
  const upstream = typeof problem['upstream'] === 'string' ? problem['upstream'] : undefined;
  return new ProblemError(
    code ?? (status === 0 ? 'CONSOLE_OFFLINE' : 'INTERNAL_ERROR'),
    status,
    typeof problem['detail'] === 'string' ? problem['detail'] : '',
    upstream,
  );
}

/** Whether the problem means the person must sign in (again). */
export function isSignInProblem(error: unknown): boolean {
  return (
    error instanceof ProblemError &&
    (error.code === 'CONSOLE_SESSION_EXPIRED' ||
      error.code === 'CONSOLE_SESSION_MISSING' ||
      error.code === 'AUTH_TOKEN_INVALID')
  );
}
