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
}

/** The accesses to one person's data, newest first. */
export interface SubjectAccessView {
  readonly accesses: SubjectAccess[];
  readonly truncated: boolean;
}

function toAccess({ record }: LoggedRecord): SubjectAccess {
  return {
    time: record.time,
    messageId: record.messageId,
    type: record.type,
    agency: record.sender,
    ...(record.recipient ? { provider: record.recipient } : {}),
    ...(record.officer ? { officer: record.officer } : {}),
    ...(record.purpose ? { purpose: record.purpose } : {}),
    ...(record.fields ? { fields: record.fields } : {}),
    outcome: record.outcome.status,
    ...(record.outcome.status === 'refused' ? { refusalCode: record.outcome.code } : {}),
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
    return { accesses: records.map(toAccess), truncated: records.length >= VIEW_LIMIT };
  }
}
