import type { HttpBackend } from './http-backend';
import { MappingError, type Mapping } from './mapping';
import { ProviderError } from '@lienthong/adapter-kit';
import { expandTemplate, type RequestTemplate } from './request-template';
import type { SqlBackend } from './sql-backend';

/** What a back end's answer means, before the kit minimises and signs it. */
export type BackendOutcome =
  | { readonly status: 'FOUND'; readonly record: Record<string, unknown> }
  | { readonly status: 'NOT_FOUND' };

/** One rule of `outcomes`, compiled. */
export interface OutcomeRule {
  readonly status?: ReadonlySet<number>;
  readonly when?: Mapping;
  readonly outcome: 'FOUND' | 'NOT_FOUND' | 'REFUSED' | 'UNAVAILABLE';
}

/** A service answered by a back end: asks it and maps its answer to a record. */
export interface BackendService {
  readonly code: string;
  answer(query: Readonly<Record<string, unknown>>): Promise<BackendOutcome>;
}

/** How a service asks its HTTP back end. */
export interface HttpServiceRequest {
  readonly method: 'GET' | 'POST';
  readonly template: RequestTemplate;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Mapping;
}

/** A service answered by an HTTP back end: request template → exchange → outcome rules → record. */
export class HttpBackendService implements BackendService {
  constructor(
    readonly code: string,
    private readonly backend: HttpBackend,
    private readonly request: HttpServiceRequest,
    private readonly rules: readonly OutcomeRule[],
    private readonly record: Mapping,
  ) {}

  async answer(query: Readonly<Record<string, unknown>>): Promise<BackendOutcome> {
    const json = this.request.body
      ? await mapped(() => this.request.body?.evaluate(query, { request: query }))
      : undefined;
    const answer = await this.backend.exchange({
      method: this.request.method,
      path: expandTemplate(this.request.template, query),
      headers: this.request.headers,
      ...(json === undefined ? {} : { json }),
    });
    const rule = await this.matchingRule(answer.status, answer.json, answer.body);
    switch (rule?.outcome) {
      case 'FOUND':
        if (!answer.json) {
          throw invalid(`${this.backend.name} answered ${answer.status} without a JSON body`);
        }
        return { status: 'FOUND', record: await mapRecord(this.record, answer.body, query) };
      case 'NOT_FOUND':
        return { status: 'NOT_FOUND' };
      case 'REFUSED':
        throw new ProviderError(
          'PROVIDER_REFUSED',
          `back end ${this.backend.name} refused the request (${answer.status})`,
        );
      case 'UNAVAILABLE':
        throw new ProviderError(
          'PROVIDER_UNAVAILABLE',
          `back end ${this.backend.name} is unavailable (${answer.status})`,
        );
      case undefined:
        throw invalid(
          `${this.backend.name} answered ${answer.status}${answer.json ? '' : ` with content type ${answer.contentType ?? 'none'} (not JSON)`}, which no outcome rule maps`,
        );
    }
  }

  private async matchingRule(
    status: number,
    json: boolean,
    body: unknown,
  ): Promise<OutcomeRule | undefined> {
    for (const rule of this.rules) {
      if (rule.status && !rule.status.has(status)) {
        continue;
      }
      if (!rule.when) {
        return rule;
      }
      // a condition reads the body: an answer that is not JSON never meets one
      if (json && (await mapped(() => rule.when?.evaluate(body, { status }))) === true) {
        return rule;
      }
    }
    return undefined;
  }
}

/** A service answered by one parameterised, read-only query of the agency's own PostgreSQL. */
export class SqlBackendService implements BackendService {
  constructor(
    readonly code: string,
    private readonly backend: SqlBackend,
    private readonly sql: string,
    private readonly parameters: readonly string[],
    private readonly record: Mapping,
  ) {}

  async answer(query: Readonly<Record<string, unknown>>): Promise<BackendOutcome> {
    const values = this.parameters.map((name) => query[name] ?? null);
    const rows = await this.backend.select(this.sql, values);
    if (rows.length === 0) {
      return { status: 'NOT_FOUND' };
    }
    if (rows.length > 1) {
      throw invalid(`${this.backend.name} returned ${rows.length} rows where one was expected`);
    }
    return { status: 'FOUND', record: await mapRecord(this.record, rows[0], query) };
  }
}

async function mapRecord(
  mapping: Mapping,
  input: unknown,
  query: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const record = await mapped(() => mapping.evaluate(input, { request: query }));
  if (!record || typeof record !== 'object' || Array.isArray(record)) {
    throw invalid(`the mapping ${mapping.where} did not produce one record`);
  }
  return record as Record<string, unknown>;
}

/**
 * A mapping that fails on the back end's data is an answer outside the contract. The refusal names
 * the mapping and JSONata's code only: its message can quote the data, which stays in the log.
 */
async function mapped<T>(run: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof MappingError) {
      throw new ProviderError(
        'PROVIDER_ANSWER_INVALID',
        `the mapping ${error.where} failed on the back end's answer${error.code ? ` (${error.code})` : ''}`,
        { cause: error },
      );
    }
    throw error;
  }
}

function invalid(message: string): ProviderError {
  return new ProviderError('PROVIDER_ANSWER_INVALID', message);
}
