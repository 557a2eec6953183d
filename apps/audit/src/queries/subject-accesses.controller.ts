import { Controller, Get, Param, Inject, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusRuntime } from '@lienthong/adapter-kit';
import { isPersonalId } from '@lienthong/schema';
import { subjectRef, type AuditPurpose } from '@lienthong/audit-log';
import { AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles, Principal } from '../auth/audit-auth.guard';
import type { AuditPrincipal } from '../auth/audit-token.verifier';
import { AuditQueryInterceptor } from '../query-log/audit-query.interceptor';
import type { AuditedQueryCall } from '../query-log/audit-query.recorder';
import { AUDITED_QUERIES, AuditedQuery, QueryCall } from '../query-log/audited-query';
import { type AuditRecordQueries, type LoggedRecord, VIEW_LIMIT } from './audit-record.queries';

/** One access to a person's data, as the data subject sees it (Data Tracker style). */
export interface SubjectAccess {
  readonly time: string;
  readonly messageId: string;
  readonly type: string;
  /** Who asked: agency and system. */
  readonly agency: { readonly member: string; readonly subsystem: string };
  /** Who holds the data that was asked for. */
  readonly provider?: { readonly member: string; readonly subsystem: string };
  readonly officer?: string;
  readonly purpose?: AuditPurpose;
  /** Fields disclosed (names only). */
  readonly fields?: readonly string[];
  readonly outcome: 'accepted' | 'refused';
  readonly refusalCode?: string;
  /** The id of the request this access was (both ends' records share it). */
  readonly requestId?: string;
}

/**
 * One query of the audit log that saw the person's entries: who looked at who accessed their
 * data (the data subject's right to know who processed it, auditors included).
 */
export interface AuditLogView {
  readonly time: string;
  /** Id of the query (the `messageId` of its record in the log). */
  readonly queryId: string;
  /** Route template asked, e.g. `GET /v1/records`. */
  readonly endpoint: string;
  /** Role of the caller; absent when their token did not verify. */
  readonly role?: string;
  /** Staff member (token subject); never shown for a citizen. */
  readonly viewer?: string;
  readonly agency?: string;
  /** The person themself looked (their own portal token). */
  readonly self?: true;
  readonly outcome: 'accepted' | 'refused';
  readonly refusalCode?: string;
  /** Log entries the query disclosed (any person's). */
  readonly returned: number;
}

/** The accesses to one person's data, newest first, and who viewed those records in the log. */
export interface SubjectAccessView {
  readonly accesses: SubjectAccess[];
  readonly truncated: boolean;
  /** Queries of the audit API that named or showed the person's entries, newest first. */
  readonly auditViews: AuditLogView[];
  readonly auditViewsTruncated: boolean;
}

const ANSWER_TYPE = /-response:[0-9]+$|^urn:lienthong:bus:error:[0-9]+$/;

/** The subscriber that recorded an event it received (its publisher is sender and recipient). */
function subscriberOf(record: LoggedRecord['record']): LoggedRecord['record']['recorder'] {
  const { recorder, sender, recipient } = record;
  const party = (a?: { member: string; subsystem: string }) =>
    a !== undefined &&
    recorder !== undefined &&
    a.member === recorder.member &&
    a.subsystem === recorder.subsystem;
  return recorder !== undefined && !party(sender) && !party(recipient) ? recorder : undefined;
}

/**
 * One access = one request. Both ends record it (the provider the request it answered, the
 * consumer the answer it received); the view folds them into one line, naming the agency that
 * asked and the one that holds the data, whichever side's record is read. An event is one access
 * per subscriber that received it: the subscriber got the data, its publisher held it.
 */
function toAccess({
  record,
}: LoggedRecord): SubjectAccess & { readonly requestId: string; readonly key: string } {
  const isAnswer = ANSWER_TYPE.test(record.type);
  const subscriber = subscriberOf(record);
  const asker = subscriber ?? (isAnswer ? record.recipient : record.sender);
  const holder = subscriber ? record.sender : isAnswer ? record.sender : record.recipient;
  const requestId = (isAnswer ? record.causationId : undefined) ?? record.messageId;
  return {
    requestId,
    key: subscriber ? `${requestId}|${subscriber.member}/${subscriber.subsystem}` : requestId,
    time: record.time,
    messageId: record.messageId,
    type: record.type,
    agency: asker ?? record.sender,
    ...(holder ? { provider: holder } : {}),
    ...(record.officer ? { officer: record.officer } : {}),
    ...(record.purpose ? { purpose: record.purpose } : {}),
    ...(record.fields ? { fields: record.fields } : {}),
    outcome: record.outcome.status,
    ...(record.outcome.status === 'refused' ? { refusalCode: record.outcome.code } : {}),
  };
}

/** Keeps one line per request: the holder's record when present (it names the fields disclosed). */
function foldAccesses(records: LoggedRecord[]): SubjectAccess[] {
  const byRequest = new Map<string, SubjectAccess & { requestId: string; key: string }>();
  for (const access of records.map(toAccess)) {
    const seen = byRequest.get(access.key);
    const fromHolder = !ANSWER_TYPE.test(access.type);
    if (
      !seen ||
      (fromHolder && ANSWER_TYPE.test(seen.type)) ||
      (access.outcome === 'refused' && seen.outcome === 'accepted')
    ) {
      byRequest.set(access.key, access);
    }
  }
  return [...byRequest.values()].map(({ key: _key, ...access }) => access);
}

function toView({ record }: LoggedRecord, subject: string): AuditLogView {
  const query = record.query;
  return {
    time: record.time,
    queryId: record.messageId,
    endpoint: query?.endpoint ?? record.type,
    ...(query?.role ? { role: query.role } : {}),
    ...(record.officer ? { viewer: record.officer } : {}),
    ...(query?.agency ? { agency: query.agency } : {}),
    ...(query?.actorRef === subject ? { self: true as const } : {}),
    outcome: record.outcome.status,
    ...(record.outcome.status === 'refused' ? { refusalCode: record.outcome.code } : {}),
    returned: query?.returned ?? 0,
  };
}

/**
 * Who looked at a person's data, when and why, refused look-ups included. The log holds only a
 * keyed hash of the personal id; the view recomputes it with the bus subject key.
 */
@ApiTags('subjects')
@ApiBearerAuth()
@Controller('v1/subjects')
@UseGuards(AuditAuthGuard)
@UseInterceptors(AuditQueryInterceptor)
export class SubjectAccessesController {
  constructor(
    private readonly runtime: BusRuntime,
    @Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries,
  ) {}

  @Get(':personalId/accesses')
  @AuditRoles('auditor', 'operator', 'citizen')
  @AuditedQuery(AUDITED_QUERIES.subjectAccesses)
  @ApiOperation({
    summary: "Accesses to a person's data and who viewed them here (auditors, or the person)",
  })
  async accesses(
    @Param('personalId') personalId: string,
    @Principal() principal: AuditPrincipal,
    @QueryCall() call?: AuditedQueryCall,
  ): Promise<SubjectAccessView> {
    if (!isPersonalId(personalId)) {
      throw new AuditError('AUDIT_SUBJECT_ID_INVALID', 'not a valid personal id');
    }
    if (principal.role === 'citizen' && principal.personalId !== personalId) {
      throw new AuditError(
        'AUDIT_SUBJECT_FORBIDDEN',
        'a citizen may only see the accesses to their own data',
      );
    }
    const ref = subjectRef(this.runtime.subjectKey, 'personal-id', personalId);
    const records = await this.queries.bySubject(ref);
    const views = await this.queries.viewsOf(ref);
    call?.disclosed(records);
    // The records of other queries are entries too, but about their callers, not this person.
    call?.count(views.length);
    return {
      accesses: foldAccesses(records),
      truncated: records.length >= VIEW_LIMIT,
      auditViews: views.map((view) => toView(view, ref)),
      auditViewsTruncated: views.length >= VIEW_LIMIT,
    };
  }
}
