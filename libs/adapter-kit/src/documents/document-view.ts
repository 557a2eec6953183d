import {
  deliveryState,
  type DeliveryState,
  type DocumentDelivery,
} from './document-delivery.entity';
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
  /**
   * For a status sent from here: whether its message reached the stream (or was refused); a
   * revocation's 13 shows the delivery of the revoking package that carries it.
   */
  readonly delivery?: DeliveryView;
}

/** Where the message of a sent document or status stands on its way to the other party. */
export interface DeliveryView {
  /** Envelope id = `Nats-Msg-Id`. */
  readonly messageId: string;
  /** pending: committed, not yet acknowledged by the stream (retried); sent: stored on LT_DOCS. */
  readonly state: DeliveryState;
  /** Failed publication rounds so far. */
  readonly attempts: number;
  readonly lastError?: string;
  readonly queuedAt: string;
  readonly sentAt?: string;
  /** When refused: the reason code of the other party's signed 02. */
  readonly refusalCode?: string;
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
  /** Outgoing: the delivery of the package to each recipient, by member code. */
  readonly deliveries?: Record<string, DeliveryView>;
}

/** A row of the document list. */
export type DocumentSummary = Omit<DocumentView, 'metadata' | 'statuses' | 'deliveries'>;

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

/** The view of one delivery row. */
export function toDeliveryView(row: DocumentDelivery): DeliveryView {
  return {
    messageId: row.messageId,
    state: deliveryState(row),
    attempts: row.attempts,
    ...(row.lastError && !row.sentAt ? { lastError: row.lastError } : {}),
    queuedAt: row.createdAt.toISOString(),
    ...(row.sentAt ? { sentAt: row.sentAt.toISOString() } : {}),
    ...(row.refusalCode ? { refusalCode: row.refusalCode } : {}),
  };
}

/** The full view: summary, metadata, every recipient's timeline and the deliveries. */
export function toView(
  record: DocumentRecord,
  statuses: readonly DocumentStatusRecord[],
  deliveries: readonly DocumentDelivery[] = [],
): DocumentView {
  const byMessage = new Map(deliveries.map((d) => [d.messageId, d]));
  const timelines: Record<string, StatusView[]> = {};
  for (const recipient of record.recipients) {
    timelines[recipient.member] = [];
  }
  for (const status of statuses) {
    const delivery = status.origin === 'local' ? byMessage.get(status.messageId) : undefined;
    (timelines[status.recipientMember] ??= []).push({
      code: status.code,
      ...(status.description ? { description: status.description } : {}),
      ...(status.reasonCode ? { reasonCode: status.reasonCode } : {}),
      origin: status.origin,
      ...(status.officerId ? { officerId: status.officerId } : {}),
      at: status.createdAt.toISOString(),
      ...(delivery ? { delivery: toDeliveryView(delivery) } : {}),
    });
  }
  const sent: Record<string, DeliveryView> = {};
  for (const delivery of deliveries) {
    if (delivery.kind === 'edoc' && delivery.documentRef === record.id) {
      sent[delivery.recipientMember] = toDeliveryView(delivery);
    }
  }
  return {
    ...toSummary(record),
    metadata: record.metadata,
    statuses: timelines,
    ...(record.direction === 'outgoing' ? { deliveries: sent } : {}),
  };
}
