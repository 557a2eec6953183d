import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_LOG_PARTY, BusRuntime } from '@lienthong/adapter-kit';
import { isAppError } from '@lienthong/errors';
import { currentTraceId } from '@lienthong/telemetry';
import {
  AUDIT_QUERY_SUBJECTS_MAX,
  AUDIT_QUERY_TYPE,
  type AuditOutcome,
  type AuditQuery,
  type AuditRecord,
  parseAuditRecord,
  subjectRef,
} from '@lienthong/audit-log';
import type { AuditPrincipal } from '../auth/audit-token.verifier';
import { AuditIngestService } from '../ingest/audit-ingest.service';
import type { LoggedRecord } from '../queries/audit-record.queries';
import type { AuditedQuerySpec, QueryRequest } from './audited-query';

/** The scheme of a personal id in a keyed subject reference, as the agencies record it. */
const PERSONAL_ID = 'personal-id';
/** Longest officer id a record holds (schemas/audit/audit-record/v1). */
const OFFICER_MAX = 128;

/**
 * The record of one query while it runs: what it asked (from the request), who asked, and what
 * the handler disclosed. Written once, accepted or refused, whichever comes first.
 */
export class AuditedQueryCall {
  private readonly filters: Record<string, string>;
  private readonly subjects: Set<string>;
  private returned = 0;
  private written = false;

  constructor(
    private readonly recorder: AuditQueryRecorder,
    readonly spec: AuditedQuerySpec,
    readonly principal: AuditPrincipal | undefined,
    request: QueryRequest,
  ) {
    this.filters = spec.filters(request);
    this.subjects = new Set(spec.subjects?.(request, (id) => recorder.refOf(id)) ?? []);
  }

  /** Log entries the answer shows: counted, and the data subjects they are about named. */
  disclosed(records: readonly LoggedRecord[]): void {
    this.returned += records.length;
    for (const { record } of records) {
      if (record.subjectRef !== undefined) {
        this.subjects.add(record.subjectRef);
      }
    }
  }

  /** Entries disclosed without being read here (an export streams its range). */
  count(entries: number): void {
    this.returned += entries;
  }

  /** Records a filter as the handler applied it (e.g. an export's effective range). */
  filter(name: string, value: string): void {
    this.filters[name] = value;
  }

  /** Whether the record was written (or its writing begun). */
  get recorded(): boolean {
    return this.written;
  }

  /**
   * Writes the accepted record and resolves once it is committed: nothing is disclosed before
   * its record is in the log. Rejects with the retryable AUDIT_APPEND_FAILED.
   */
  async accepted(): Promise<void> {
    this.written = true;
    await this.recorder.write(this.build({ status: 'accepted' }));
  }

  /**
   * Writes the refused record with the refusal's code. Never throws: the caller gets the refusal
   * either way, and a log that cannot be written is reported in the service log.
   */
  async refused(error: unknown): Promise<void> {
    if (this.written) {
      return;
    }
    this.written = true;
    const code = isAppError(error) ? error.code : 'INTERNAL_ERROR';
    try {
      await this.recorder.write(this.build({ status: 'refused', code }));
    } catch (failure) {
      this.recorder.reportLost(this.spec.endpoint, code, failure);
    }
  }

  private build(outcome: AuditOutcome): AuditRecord {
    const principal = this.principal;
    const staff = principal !== undefined && principal.role !== 'citizen' ? principal : undefined;
    const subjects = [...this.subjects].slice(0, AUDIT_QUERY_SUBJECTS_MAX);
    const query: AuditQuery = {
      endpoint: this.spec.endpoint,
      ...(principal ? { role: principal.role } : {}),
      ...(staff?.agency ? { agency: staff.agency } : {}),
      ...(principal?.role === 'citizen'
        ? { actorRef: this.recorder.refOf(principal.personalId) }
        : {}),
      filters: { ...this.filters },
      returned: outcome.status === 'accepted' ? this.returned : 0,
      ...(subjects.length > 0 ? { subjects } : {}),
    };
    const officer = staff?.id.slice(0, OFFICER_MAX);
    const traceId = currentTraceId();
    return {
      recordId: uuidv7(),
      messageId: uuidv7(),
      type: AUDIT_QUERY_TYPE,
      sender: { ...AUDIT_LOG_PARTY },
      recorder: { ...AUDIT_LOG_PARTY },
      ...(officer ? { officer } : {}),
      outcome,
      ...(traceId ? { traceId } : {}),
      time: new Date().toISOString(),
      query,
    };
  }
}

/**
 * Writes the audit service's own records of the queries made of its HTTP API (search, lineage,
 * a data subject's access log, evidence, export) into the log it serves, through the ingest's
 * append path: who asked (staff token subject, role, agency; a citizen as the keyed hash of their
 * personal id), what (route and valid filters; data subjects as keyed references), when, the
 * outcome, and how many entries the answer disclosed.
 */
@Injectable()
export class AuditQueryRecorder {
  constructor(
    private readonly runtime: BusRuntime,
    private readonly ingest: AuditIngestService,
  ) {}

  /** Begins the record of one query; `principal` when the token verified (default: the request's). */
  start(
    spec: AuditedQuerySpec,
    request: QueryRequest & { auditPrincipal?: AuditPrincipal },
    principal: AuditPrincipal | undefined = request.auditPrincipal,
  ): AuditedQueryCall {
    return new AuditedQueryCall(this, spec, principal, request);
  }

  /** Keyed reference of a personal id, as the log holds every data subject. */
  refOf(personalId: string): string {
    return subjectRef(this.runtime.subjectKey, PERSONAL_ID, personalId);
  }

  /** Appends one query record; the record is checked first so a bad one never fails a batch. */
  async write(record: AuditRecord): Promise<void> {
    await this.ingest.appendOwn(parseAuditRecord(record));
  }

  /** A refused query whose record could not be written: the service log is all that is left. */
  reportLost(endpoint: string, code: string, failure: unknown): void {
    this.runtime.logger.error(
      { err: failure, endpoint, code },
      'the audit record of a refused query could not be written',
    );
  }
}
