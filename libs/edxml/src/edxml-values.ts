import { VIETNAM_UTC_OFFSET } from './edxml.constants';
import type { AgencyIdScheme, DateInput, EdxmlDocumentKey, TimestampInput } from './edxml.types';

/** Collects every problem of one input so the caller sees them all at once, by path. */
export class Issues {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path}: ${problem}`);
  }
}

const ORGAN_ID_PATTERNS: Record<AgencyIdScheme, RegExp> = {
  // XXX.YY.ZZ.Lnn: level-4 . level-3 . level-2 . level-1 (rightmost is the top unit)
  qcvn102: /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/,
  // QĐ 20/2020: groups of [0-9A-Z] separated by dots, at most 35 characters
  qd20: /^(?=.{1,35}$)[0-9A-Z]+(\.[0-9A-Z]+)*$/,
  msdn: /^\d{10}(-\d{3})?$/,
};

/** True when `organId` is a well-formed identifier of `scheme`. */
export function isOrganId(organId: string, scheme: AgencyIdScheme): boolean {
  return ORGAN_ID_PATTERNS[scheme].test(organId);
}

/** True when `organId` is well formed in any of the known schemes (trace hops, references). */
export function isAnyOrganId(organId: string): boolean {
  return (Object.keys(ORGAN_ID_PATTERNS) as AgencyIdScheme[]).some((s) => isOrganId(organId, s));
}

/** Parses a scheme name, or undefined when unknown. */
export function toScheme(value: string | undefined): AgencyIdScheme | undefined {
  const scheme = value ?? 'qcvn102';
  return scheme in ORGAN_ID_PATTERNS ? (scheme as AgencyIdScheme) : undefined;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 9999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function vietnamParts(date: Date): number[] {
  const local = new Date(date.getTime() + 7 * 3_600_000);
  return [
    local.getUTCFullYear(),
    local.getUTCMonth() + 1,
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
  ];
}

function splitDate(value: string): [number, number, number] | undefined {
  const ymd = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(value);
  if (ymd) {
    return [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  }
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  return dmy ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])] : undefined;
}

/**
 * Normalises a calendar date to ISO `YYYY-MM-DD`. Accepts the three spellings seen in the wild;
 * a Date is read in Vietnam time, since a document's date is the issuer's local date.
 */
export function normaliseDate(input: DateInput, path: string, issues: Issues): string | undefined {
  const parts =
    input instanceof Date ? vietnamParts(input).slice(0, 3) : splitDate(String(input).trim());
  if (!parts || Number.isNaN(parts[0]) || !isCalendarDate(parts[0], parts[1], parts[2])) {
    issues.add(path, `"${String(input)}" is not a date (YYYY-MM-DD, YYYY/MM/DD or DD/MM/YYYY)`);
    return undefined;
  }
  return `${parts[0]}-${pad(parts[1])}-${pad(parts[2])}`;
}

function isoFromVietnamParts(p: number[]): string {
  return `${p[0]}-${pad(p[1])}-${pad(p[2])}T${pad(p[3])}:${pad(p[4])}:${pad(p[5])}${VIETNAM_UTC_OFFSET}`;
}

function localTimestampParts(value: string): number[] | undefined {
  const ymd = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  const m = ymd ?? dmy;
  if (!m) {
    return undefined;
  }
  const n = m.slice(1).map(Number);
  const parts = ymd ? n : [n[2], n[1], n[0], n[3], n[4], n[5]];
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  return isCalendarDate(y, mo, d) && h < 24 && mi < 60 && s < 60 ? parts : undefined;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Normalises a timestamp to ISO 8601 in Vietnam time (`…+07:00`, whole seconds). edXML
 * timestamps carry no zone; the samples are Vietnam local time, so that is how they are read.
 */
export function normaliseTimestamp(
  input: TimestampInput,
  path: string,
  issues: Issues,
): string | undefined {
  if (input instanceof Date) {
    return Number.isNaN(input.getTime()) ? fail() : isoFromVietnamParts(vietnamParts(input));
  }
  const value = String(input).trim();
  const local = localTimestampParts(value);
  if (local) {
    return isoFromVietnamParts(local);
  }
  const parsed = ISO_WITH_OFFSET.test(value) ? new Date(value) : undefined;
  return parsed && !Number.isNaN(parsed.getTime())
    ? isoFromVietnamParts(vietnamParts(parsed))
    : fail();

  function fail(): undefined {
    issues.add(path, `"${String(input)}" is not a timestamp (ISO 8601 or YYYY/MM/DD HH:mm:ss)`);
    return undefined;
  }
}

/** ISO date → the `YYYY/MM/DD` spelling written into edXML. */
export function toEdxmlDate(isoDate: string): string {
  return isoDate.replaceAll('-', '/');
}

/** ISO timestamp (Vietnam time, as normalised) → `YYYY/MM/DD HH:mm:ss`. */
export function toEdxmlTimestamp(isoTimestamp: string): string {
  return `${isoTimestamp.slice(0, 10).replaceAll('-', '/')} ${isoTimestamp.slice(11, 19)}`;
}

/** Document number: digits, optionally followed by letters (e.g. `7816`, `12a`). */
export const CODE_NUMBER = /^\d{1,10}[a-zA-Z]{0,3}$/;

/** Document notation: letters (any script), digits, `-`, `.` and `/`, e.g. `VPCP-TTĐT`, `QĐ-UBND`. */
export const CODE_NOTATION = /^[\p{L}\p{Nd}][\p{L}\p{Nd}./-]{0,49}$/u;

/** Builds `<issuer>,<YYYY/MM/DD>,<số>/<ký hiệu>`, the edXML document identifier. */
export function documentIdOf(
  issuer: string,
  isoDate: string,
  number: string,
  notation: string,
): string {
  return `${issuer},${toEdxmlDate(isoDate)},${number}/${notation}`;
}

/**
 * Reads a document identifier. Both the full-date form of the samples and the year-only form
 * of QĐ 395 are accepted; the natural key uses the year either way.
 */
export function parseDocumentId(
  documentId: string,
): (EdxmlDocumentKey & { date?: string }) | undefined {
  const m = /^([^,\s]+),(\d{4})(?:\/(\d{2})\/(\d{2}))?,([^/,\s]+)\/(\S+)$/.exec(documentId);
  if (!m || !isAnyOrganId(m[1]) || !CODE_NUMBER.test(m[5]) || !CODE_NOTATION.test(m[6])) {
    return undefined;
  }
  const year = Number(m[2]);
  if (m[3] !== undefined && !isCalendarDate(year, Number(m[3]), Number(m[4]))) {
    return undefined;
  }
  const key = { issuer: m[1], year, number: m[5], notation: m[6] };
  return m[3] === undefined ? key : { ...key, date: `${m[2]}-${m[3]}-${m[4]}` };
}
