import { Controller, Get, Param, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusRuntime } from '@lienthong/adapter-kit';
import { isPersonalId } from '@lienthong/schema';
import { subjectRef, type AuditPurpose } from '@lienthong/transparency';
import { AUDIT_RECORD_QUERIES } from '../audit.constants';
import { AuditError } from '../audit.errors';
import { AuditAuthGuard, AuditRoles, Principal } from '../auth/audit-auth.guard';
import type { AuditPrincipal } from '../auth/audit-token.verifier';
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

/** The accesses to one person's data, newest first. */
export interface SubjectAccessView {
  readonly accesses: SubjectAccess[];
  readonly truncated: boolean;
}

const ANSWER_TYPE = /-response:[0-9]+$|^urn:lienthong:bus:error:[0-9]+$/;

/**
 * One access = one request. Both ends record it (the provider the request it answered, the
 * consumer the answer it received); the view folds them into one line, naming the agency that
 * asked and the one that holds the data, whichever side's record is read.
 */
function toAccess({ record }: LoggedRecord): SubjectAccess & { readonly requestId: string } {
  const isAnswer = ANSWER_TYPE.test(record.type);
  const asker = isAnswer ? record.recipient : record.sender;
  const holder = isAnswer ? record.sender : record.recipient;
  return {
    requestId: (isAnswer ? record.causationId : undefined) ?? record.messageId,
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
  const byRequest = new Map<string, SubjectAccess & { requestId: string }>();
  for (const access of records.map(toAccess)) {
    const seen = byRequest.get(access.requestId);
    const fromHolder = !ANSWER_TYPE.test(access.type);
    if (
      !seen ||
      (fromHolder && ANSWER_TYPE.test(seen.type)) ||
      (access.outcome === 'refused' && seen.outcome === 'accepted')
    ) {
      byRequest.set(access.requestId, access);
    }
  }
  return [...byRequest.values()];
}

/**
 * Who looked at a person's data, when and why, refused look-ups included. The log holds only a
 * keyed hash of the personal id; the view recomputes it with the bus subject key.
 */
@ApiTags('subjects')
@ApiBearerAuth()
@Controller('v1/subjects')
@UseGuards(AuditAuthGuard)
export class SubjectAccessesController {
  constructor(
    private readonly runtime: BusRuntime,
    @Inject(AUDIT_RECORD_QUERIES) private readonly queries: AuditRecordQueries,
  ) {}

  @Get(':personalId/accesses')
  @AuditRoles('auditor', 'operator', 'citizen')
  @ApiOperation({ summary: "Accesses to a person's data (auditors, or the person themself)" })
  async accesses(
    @Param('personalId') personalId: string,
    @Principal() principal: AuditPrincipal,
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
    return { accesses: foldAccesses(records), truncated: records.length >= VIEW_LIMIT };
  }
}
