/** A problem+json answer of a Lienthong HTTP API, as an Error. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'ApiProblem';
  }
}

/** Minimal client of the trust service's operator API (used by the launcher and `lt`). */
export class TrustClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const problem = (parsed ?? {}) as { code?: string; detail?: string };
      throw new ApiProblem(response.status, problem.code ?? 'UNKNOWN', problem.detail ?? text);
    }
    return parsed as T;
  }

  /** POST that tolerates "already exists" (409), so set-up steps can be re-run. */
  async ensure(path: string, body: unknown): Promise<void> {
    try {
      await this.request('POST', path, body);
    } catch (error) {
      if (!(error instanceof ApiProblem && error.status === 409)) {
        throw error;
      }
    }
  }
}
