import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { isPersonalId } from '@lienthong/schema';
import { EXPORT_ENDPOINT, RECORDS_EXPORT_ENDPOINT } from '../queries/audit-record.queries';
import {
  SEARCH_LIMIT,
  indexParam,
  limitParam,
  memberParam,
  outcomeParam,
  partyParam,
  serviceParam,
  textParam,
  timeParam,
  typeParam,
  uuidParam,
} from '../queries/query-params';
import type { AuditedQueryCall } from './audit-query.recorder';

/** What the record of a query reads from its request: the route parameters and the query string. */
export interface QueryRequest {
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  auditQuery?: AuditedQueryCall;
}

/** How one route of the audit API is recorded in the log. */
export interface AuditedQuerySpec {
  /** Method and route template; never the concrete path, which may hold a personal id. */
  readonly endpoint: string;
  /**
   * The request's valid filters, as given. Never throws: a value that fails its check is left
   * out (it could be anything, a personal id typed into the wrong box included).
   */
  readonly filters: (request: QueryRequest) => Record<string, string>;
  /** The data subjects the request itself names (a path parameter), as keyed references. */
  readonly subjects?: (request: QueryRequest, refOf: (personalId: string) => string) => string[];
}

type Check = (value: string) => unknown;

/** The parameters among `checks` that are given once, as text, and pass their check. */
function validFilters(
  source: Readonly<Record<string, unknown>>,
  checks: Readonly<Record<string, Check>>,
  rename: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const valid: Record<string, string> = {};
  for (const [name, check] of Object.entries(checks)) {
    const value = source[name];
    if (typeof value !== 'string' || value === '') {
      continue;
    }
    try {
      check(value);
      valid[rename[name] ?? name] = value;
    } catch {
      // Left out: an invalid value is never echoed into the log.
    }
  }
  return valid;
}

const uuid = (name: string) => (value: string) => uuidParam(name, value);

/** The search's filters (`GET /v1/records` and its CSV export), by their query names. */
const SEARCH_FILTERS: Readonly<Record<string, Check>> = {
  sender: (v) => partyParam('sender', v),
  recipient: (v) => partyParam('recipient', v),
  agency: (v) => memberParam('agency', v),
  service: (v) => serviceParam(v),
  procedure: (v) => textParam('procedure', v),
  case: (v) => textParam('case', v, 128),
  type: (v) => typeParam(v),
  outcome: (v) => outcomeParam(v),
  from: (v) => timeParam('from', v),
  to: (v) => timeParam('to', v),
};

/** The data subject a search names (`subject`, a personal id), only as its keyed reference. */
const searchSubjects: AuditedQuerySpec['subjects'] = (request, refOf) => {
  const personalId = request.query['subject'];
  return typeof personalId === 'string' && isPersonalId(personalId) ? [refOf(personalId)] : [];
};

/** Every route of the audit API that reads the log, as its query records name it. */
export const AUDITED_QUERIES = {
  search: {
    endpoint: 'GET /v1/records',
    filters: (request) =>
      validFilters(request.query, {
        ...SEARCH_FILTERS,
        limit: (v) => limitParam(v, SEARCH_LIMIT.default, SEARCH_LIMIT.max),
        cursor: (v) => indexParam('cursor', v),
      }),
    subjects: searchSubjects,
  },
  // The handler adds `types` (a service's message types) and `before` (the log's size when the
  // export began: it holds only entries before it), so that a data subject's access log can tell
  // exactly which exports held their entries.
  searchExport: {
    endpoint: RECORDS_EXPORT_ENDPOINT,
    filters: (request) => validFilters(request.query, SEARCH_FILTERS),
    subjects: searchSubjects,
  },
  lineage: {
    endpoint: 'GET /v1/lineage/{messageId}',
    filters: (request) => validFilters(request.params, { messageId: uuid('messageId') }),
  },
  lineageByCorrelation: {
    endpoint: 'GET /v1/lineage/by-correlation/{id}',
    filters: (request) => validFilters(request.params, { id: uuid('id') }, { id: 'correlationId' }),
  },
  lineageGraph: {
    endpoint: 'GET /v1/lineage-graph',
    filters: (request) =>
      validFilters(request.query, {
        messageId: uuid('messageId'),
        correlationId: uuid('correlationId'),
        case: (v) => textParam('case', v, 128),
      }),
  },
  subjectAccesses: {
    endpoint: 'GET /v1/subjects/{personalId}/accesses',
    // The person is named only by their keyed reference, in `subjects`.
    filters: () => ({}),
    subjects: (request, refOf) => {
      const personalId = request.params['personalId'];
      return typeof personalId === 'string' && isPersonalId(personalId) ? [refOf(personalId)] : [];
    },
  },
  evidence: {
    endpoint: 'GET /v1/evidence/{messageId}',
    filters: (request) => validFilters(request.params, { messageId: uuid('messageId') }),
  },
  export: {
    endpoint: EXPORT_ENDPOINT,
    filters: (request) =>
      validFilters(request.query, {
        from: (v) => indexParam('from', v),
        to: (v) => indexParam('to', v),
      }),
  },
} as const satisfies Record<string, AuditedQuerySpec>;

/** Metadata key of {@link AuditedQuery}. */
export const AUDITED_QUERY = Symbol('AUDITED_QUERY');

/**
 * Marks a route whose every call, accepted or refused, appends one record of type
 * `urn:lienthong:audit:audit-query:1` to the log: the guard records its refusals, the
 * AuditQueryInterceptor the rest, before the answer leaves.
 */
export const AuditedQuery = (spec: AuditedQuerySpec) => SetMetadata(AUDITED_QUERY, spec);

/**
 * The record in progress of the current query, for the handler to tell what it disclosed;
 * undefined when the handler is called in-process rather than over HTTP.
 */
export const QueryCall = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuditedQueryCall | undefined =>
    context.switchToHttp().getRequest<QueryRequest>().auditQuery,
);
