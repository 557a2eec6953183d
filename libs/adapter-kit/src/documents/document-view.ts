import type { DocumentRecord } from './document.entity';
import type { DocumentStatusRecord } from './document-status.entity';

/** One entry of a recipient's status timeline as the API shows it. */
export interface StatusView {
  readonly code: string;
  readonly description?: string;
  readonly reasonCode?: string;
  readonly origin: 'local' | 'remote';
  readonly officerId?: string;
  readonly at: string;
}

/** A document as `GET /v1/documents/{id}` shows it (the package itself is its own route). */
export interface DocumentView {
  readonly id: string;
  readonly direction: DocumentRecord['direction'];
  readonly documentId: string;
  readonly businessType: DocumentRecord['businessType'];
  readonly availability: DocumentRecord['availability'];
  readonly supersededBy?: string;
  readonly targetRef?: string;
  readonly sender: { readonly member: string; readonly organId: string };
  readonly recipients: DocumentRecord['recipients'];
  readonly subject: string;
  readonly promulgationDate: string;
  readonly metadata: DocumentRecord['metadata'];
  readonly verification: DocumentRecord['verification'];
  readonly packageSha256: string;
  readonly createdAt: string;
  /** Each recipient's timeline, oldest first, by member code. */
  readonly statuses: Record<string, StatusView[]>;
}

/** A row of the document list. */
export type DocumentSummary = Omit<DocumentView, 'metadata' | 'statuses'>;

/** The list view of a document. */
export function toSummary(record: DocumentRecord): DocumentSummary {
  return {
    id: record.id,
    direction: record.direction,
    documentId: record.documentId,
    businessType: record.businessType,
    availability: record.availability,
    ...(record.supersededBy ? { supersededBy: record.supersededBy } : {}),
    ...(record.targetRef ? { targetRef: record.targetRef } : {}),
    sender: { member: record.senderMember, organId: record.senderOrganId },
    recipients: record.recipients,
    subject: record.subject,
    promulgationDate: record.promulgationDate,
    verification: record.verification,
    packageSha256: record.packageSha256,
    createdAt: record.createdAt.toISOString(),
  };
}

/** The full view: summary, metadata and every recipient's timeline. */
export function toView(
  record: DocumentRecord,
  statuses: readonly DocumentStatusRecord[],
): DocumentView {
  const timelines: Record<string, StatusView[]> = {};
  for (const recipient of record.recipients) {
    timelines[recipient.member] = [];
  }
  for (const status of statuses) {
    (timelines[status.recipientMember] ??= []).push({
      code: status.code,
      ...(status.description ? { description: status.description } : {}),
      ...(status.reasonCode ? { reasonCode: status.reasonCode } : {}),
      origin: status.origin,
      ...(status.officerId ? { officerId: status.officerId } : {}),
      at: status.createdAt.toISOString(),
    });
  }
  return { ...toSummary(record), metadata: record.metadata, statuses: timelines };
}
