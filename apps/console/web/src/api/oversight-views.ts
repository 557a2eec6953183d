/**
 * Shapes of the audit service's and civil status's answers that the auditors' and leaders' pages
 * read, whose OpenAPI description does not give them yet (see views.ts). Each mirrors the server
 * type named in its comment.
 */

/** libs/audit-log AuditParty. */
export interface AuditParty {
  readonly member: string;
  readonly subsystem: string;
}

/** libs/audit-log AuditPurpose. */
export interface AuditPurpose {
  readonly procedure: string;
  readonly legalBasis: string;
  readonly caseId: string;
}

/** libs/audit-log AuditOutcome. */
export type AuditOutcome =
  { readonly status: 'accepted' } | { readonly status: 'refused'; readonly code: string };

/** libs/audit-log AuditRecord (the fields the pages show). */
export interface AuditRecordView {
  readonly recordId: string;
  readonly messageId: string;
  readonly type: string;
  readonly sender: AuditParty;
  readonly recipient?: AuditParty;
  readonly recorder?: AuditParty;
  readonly purpose?: AuditPurpose;
  readonly officer?: string;
  readonly outcome: AuditOutcome;
  readonly correlationId?: string;
  readonly fields?: readonly string[];
  readonly time: string;
}

/** apps/audit LoggedRecord. */
export interface LoggedRecordView {
  readonly seq: number;
  readonly loggedAt: string;
  readonly record: AuditRecordView;
}

/** apps/audit RecordPage (GET /v1/records). */
export interface RecordPageView {
  readonly records: readonly LoggedRecordView[];
  readonly nextCursor?: string;
}

/** apps/audit HopRecord. */
export interface HopRecordView {
  readonly recordId: string;
  readonly seq: number;
  readonly loggedAt: string;
  readonly time: string;
  readonly recorder?: string;
  readonly recordedBy?: 'sender' | 'receiver';
  readonly outcome: AuditOutcome;
  readonly officer?: string;
  readonly purpose?: AuditPurpose;
  readonly fields?: readonly string[];
  readonly payloadDigest?: string;
  readonly signatureDigest?: string;
}

/** apps/audit LineageHop. */
export interface LineageHopView {
  readonly messageId: string;
  readonly type: string;
  readonly kind: 'request' | 'reply' | 'event' | 'document' | 'status' | 'audit' | 'other';
  readonly from: string;
  readonly to?: string;
  readonly time: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly signer: string;
  readonly signatureCheck: 'verified' | 'failed' | 'unconfirmed';
  readonly outcome: string;
  readonly records: readonly HopRecordView[];
}

/** apps/audit LineageGraphView (GET /v1/lineage-graph). */
export interface LineageGraphView {
  readonly of: {
    readonly messageId?: string;
    readonly correlationId?: string;
    readonly case?: string;
  };
  readonly nodes: readonly {
    readonly id: string;
    readonly member: string;
    readonly subsystem: string;
  }[];
  readonly hops: readonly LineageHopView[];
  readonly records: number;
  readonly truncated: boolean;
}

/** apps/audit MessageEvidence (GET /v1/evidence/{messageId}); bundles are checked, not trusted. */
export interface MessageEvidenceView {
  readonly messageId: string;
  readonly bundles: readonly unknown[];
}

/** apps/audit LogHealth (GET /v1/log/health). */
export interface LogHealthView {
  readonly size: number;
  readonly latestCheckpoint: {
    readonly size: number;
    readonly rootHash: string;
    readonly signedAt: string;
    readonly ageSeconds: number;
    readonly pending: number;
  } | null;
  readonly cosigners: readonly {
    readonly member: string;
    readonly subsystem: string;
    readonly at: string;
  }[];
  readonly witnesses: readonly {
    readonly member: string;
    readonly subsystem: string;
    readonly lastCosigned: { readonly size: number; readonly at: string } | null;
    readonly behind: boolean;
  }[];
  readonly alarms: readonly {
    readonly member: string;
    readonly code: string;
    readonly at: string;
    readonly reason: string;
    readonly count: number;
  }[];
  readonly alarmsKnown: boolean;
}

/** apps/civil-status PeriodCounts & OpenCounts. */
export interface DossierCounts {
  readonly received: number;
  readonly done: number;
  readonly doneOnTime: number;
  readonly onTimeShare: number | null;
  readonly refused: number;
  readonly averageDaysToDone: number | null;
  readonly inProgress: number;
  readonly overdue: number;
}

/** apps/civil-status DossierDashboard (GET /v1/statistics/dossiers). */
export interface DossierDashboardView {
  readonly scope: {
    readonly from: string;
    readonly to: string;
    readonly commune?: string;
    readonly agency?: string;
    readonly procedure?: string;
  };
  readonly generatedAt: string;
  readonly totals: DossierCounts;
  readonly steps: readonly (DossierCounts & {
    readonly procedure: string;
    readonly step: string;
    readonly agency: string;
  })[];
  readonly weeks: readonly (Omit<DossierCounts, 'inProgress' | 'overdue'> & {
    readonly week: string;
  })[];
  readonly communes: readonly {
    readonly commune: string;
    readonly inProgress: number;
    readonly overdue: number;
  }[];
}

/** apps/audit OutcomeCounts. */
export interface OutcomeCountsView {
  readonly total: number;
  readonly accepted: number;
  readonly refused: number;
  readonly acceptedShare: number | null;
  readonly refusals: Readonly<Record<string, number>>;
}

/** apps/audit MessageDashboard (GET /v1/statistics/messages). */
export interface MessageDashboardView {
  readonly scope: {
    readonly from: string;
    readonly to: string;
    readonly kind: string;
    readonly agency?: string;
  };
  readonly generatedAt: string;
  readonly totals: OutcomeCountsView;
  readonly days: readonly (OutcomeCountsView & { readonly day: string })[];
  readonly pairs: readonly (OutcomeCountsView & {
    readonly sender: string;
    readonly recipient: string;
  })[];
}
