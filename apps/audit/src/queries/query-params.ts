import { isPersonalId } from '@lienthong/schema';
import { AuditError } from '../audit.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PARTY = /^[A-Z][A-Z0-9]{1,15}(\/[a-z][a-z0-9-]{0,31})?$/;
const OUTCOME = /^(accepted|refused|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+)$/;
const MESSAGE_TYPE = /^urn:lienthong:[a-z][a-z0-9-]{0,63}:[a-z][a-z0-9-]{0,63}:[1-9][0-9]{0,3}$/;

/** Page sizes of the auditor's search (`GET /v1/records`). */
export const SEARCH_LIMIT = { default: 50, max: 200 } as const;

const bad = (name: string, rule: string) =>
  new AuditError('AUDIT_QUERY_INVALID', `${name} must be ${rule}`, {
    details: { parameter: name },
  });

/** One query-string value: absent, or a single string (`?a=1&a=2` is refused, not joined). */
export function singleParam(
  query: Readonly<Record<string, unknown>>,
  name: string,
): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') {
    return value;
  }
  throw bad(name, 'given at most once, as text');
}

/** A UUID path or query parameter. */
export function uuidParam(name: string, value: string): string {
  if (!UUID.test(value)) {
    throw bad(name, 'a lower-case UUID');
  }
  return value;
}

/** A non-negative integer; `undefined` when absent. */
export function indexParam(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw bad(name, 'a non-negative integer');
  }
  return Number(value);
}

/** A required non-negative integer. */
export function requiredIndex(name: string, value: string | undefined): number {
  const index = indexParam(name, value);
  if (index === undefined) {
    throw bad(name, 'given');
  }
  return index;
}

/** An RFC 3339 instant; `undefined` when absent. */
export function timeParam(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) {
    throw bad(name, 'an RFC 3339 time');
  }
  return at;
}

/** `MEMBER` or `MEMBER/subsystem`; `undefined` when absent. */
export function partyParam(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!PARTY.test(value)) {
    throw bad(name, 'MEMBER or MEMBER/subsystem');
  }
  return value;
}

/** `accepted`, `refused` or a refusal code; `undefined` when absent. */
export function outcomeParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!OUTCOME.test(value)) {
    throw bad('outcome', 'accepted, refused or an UPPER_SNAKE refusal code');
  }
  return value;
}

/** A message type (`urn:lienthong:<domain>:<name>:<major>`); `undefined` when absent. */
export function typeParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (value.length > 160 || !MESSAGE_TYPE.test(value)) {
    throw bad('type', 'a message type urn:lienthong:<domain>:<name>:<major>');
  }
  return value;
}

/** A short free-text filter; `undefined` when absent. */
export function textParam(name: string, value: string | undefined, max = 64): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (value.length > max) {
    throw bad(name, `at most ${max} characters`);
  }
  return value;
}

/** A page size between 1 and `max`, default `fallback`. */
export function limitParam(value: string | undefined, fallback: number, max: number): number {
  const limit = indexParam('limit', value) ?? fallback;
  if (limit < 1 || limit > max) {
    throw bad('limit', `between 1 and ${max}`);
  }
  return limit;
}

const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;
const SERVICE = /^[a-z][a-z0-9-]{1,63}$/;

/** A member code (either side of a record); `undefined` when absent. */
export function memberParam(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!MEMBER.test(value)) {
    throw bad(name, 'a member code');
  }
  return value;
}

/** A service code of the catalog; `undefined` when absent. */
export function serviceParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!SERVICE.test(value)) {
    throw bad('service', 'a service code');
  }
  return value;
}

/** A data subject's personal id (12 digits); `undefined` when absent. Never logged as such. */
export function personalIdParam(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!isPersonalId(value)) {
    throw bad(name, 'a 12-digit personal id');
  }
  return value;
}
