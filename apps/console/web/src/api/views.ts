/**
 * Shapes of answers whose OpenAPI description does not give them yet (the apps' documents are
 * being completed: regenerate the clients with `npm run openapi` and drop each type here once its
 * route describes its answer). Each mirrors the server type named in its comment.
 */

/** libs/adapter-kit LookupEvidence (the signed response exactly as received). */
export interface LookupEvidence {
  readonly provider: { readonly member: string; readonly subsystem: string };
  readonly requestId: string;
  readonly responseId: string;
  readonly response: {
    readonly body: string;
    readonly encoding: 'base64url';
    readonly signature: string;
  };
  readonly certificates: readonly string[];
}

/** libs/adapter-kit LookupAnswer + evidence (POST /v1/lookups/{service}). */
export interface LookupAnswerView {
  readonly status: 'FOUND' | 'NOT_FOUND';
  readonly record?: Record<string, unknown>;
  readonly policy?: {
    readonly service: string;
    readonly purpose: string;
    readonly fields: readonly string[];
  };
  readonly evidence: LookupEvidence;
}

/** apps/audit SubjectAccess. */
export interface SubjectAccess {
  readonly time: string;
  readonly messageId: string;
  readonly type: string;
  readonly agency: { readonly member: string; readonly subsystem: string };
  readonly provider?: { readonly member: string; readonly subsystem: string };
  readonly officer?: string;
  readonly purpose?: {
    readonly procedure: string;
    readonly legalBasis: string;
    readonly caseId: string;
  };
  readonly fields?: readonly string[];
  readonly outcome: 'accepted' | 'refused';
  readonly refusalCode?: string;
  readonly requestId?: string;
}

/** apps/audit AuditLogView. */
export interface AuditLogView {
  readonly time: string;
  readonly queryId: string;
  readonly endpoint: string;
  readonly role?: string;
  readonly viewer?: string;
  readonly agency?: string;
  readonly self?: true;
  readonly outcome: 'accepted' | 'refused';
  readonly refusalCode?: string;
  readonly returned: number;
}

/** apps/audit SubjectAccessView (GET /v1/subjects/{personalId}/accesses). */
export interface SubjectAccessView {
  readonly accesses: readonly SubjectAccess[];
  readonly truncated: boolean;
  readonly auditViews: readonly AuditLogView[];
  readonly auditViewsTruncated: boolean;
}

/** apps/civil-status BirthReceipt / DeathReceipt (POST /v1/births, POST /v1/deaths). */
export interface RegistrationReceipt {
  readonly dossierId: string;
  readonly registrationId: string;
  readonly bookNo: string;
  readonly entryNo: number;
  readonly eventId: string;
}
