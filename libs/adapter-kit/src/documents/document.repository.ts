import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { EdxmlStatusCode } from '@lienthong/edxml';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';
import {
  DocumentRecord,
  type DocumentAvailability,
  type DocumentDirection,
} from './document.entity';
import { DocumentDelivery } from './document-delivery.entity';
import { DocumentStatusRecord } from './document-status.entity';
import { QuarantinedDocument } from './quarantined-document.entity';

/** Filters of the document list (`GET /v1/documents`). */
export interface DocumentListFilter {
  readonly direction?: DocumentDirection;
  /** Latest status of at least one recipient's copy. */
  readonly status?: EdxmlStatusCode;
  /** Received or sent at or after. */
  readonly from?: Date;
  /** Received or sent before. */
  readonly to?: Date;
  /** Sender member code or organ id. */
  readonly sender?: string;
  readonly limit: number;
  readonly offset: number;
}

/** The document tables of one agency, with domain methods only (style G14). */
@Injectable()
export class DocumentRepository {
  constructor(private readonly runner: TransactionRunner) {}

  /** Runs `work` in one transaction (joins the caller's). */
  transaction<T>(ctx: PersistenceContext, work: (tx: PersistenceContext) => Promise<T>) {
    return this.runner.run(ctx, work);
  }

  /** Inserts `record`; returns it with the `created_at` the database gave it. */
  async insert(
    ctx: PersistenceContext,
    record: Omit<DocumentRecord, 'createdAt'>,
  ): Promise<DocumentRecord> {
    // plain SQL on the hot path of every document: TypeORM's insert builder and the read-back of
    // generated values cost more CPU than the statement's round trip (docs/performance.md)
    const rows: { created_at: Date }[] = await this.runner.repository(ctx, DocumentRecord).query(
      `INSERT INTO document (id, direction, document_id, business_type, target_ref, sender_member,
         sender_organ_id, recipients, subject, promulgation_date, metadata, package,
         package_sha256, verification, delivery_id, availability, superseded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING created_at`,
      [
        record.id,
        record.direction,
        record.documentId,
        record.businessType,
        record.targetRef,
        record.senderMember,
        record.senderOrganId,
        JSON.stringify(record.recipients),
        record.subject,
        record.promulgationDate,
        JSON.stringify(record.metadata),
        record.packageBytes,
        record.packageSha256,
        record.verification === null ? null : JSON.stringify(record.verification),
        record.deliveryId,
        record.availability,
        record.supersededBy,
      ],
    );
    const createdAt = rows[0]?.created_at;
    if (!(createdAt instanceof Date)) {
      throw new Error('the document insert returned no created_at');
    }
    return { ...record, createdAt };
  }

  find(ctx: PersistenceContext, id: string): Promise<DocumentRecord | null> {
    return this.runner.repository(ctx, DocumentRecord).findOneBy({ id });
  }

  /** A delivery already stored (redelivery of the same envelope). */
  findDelivery(ctx: PersistenceContext, senderMember: string, deliveryId: string) {
    return this.runner.repository(ctx, DocumentRecord).findOneBy({ senderMember, deliveryId });
  }

  /**
   * The newest document with this edXML DocumentId that `senderMember` sent (incoming) or that we
   * sent (outgoing, `senderMember` = ourselves); revoke/update/replace packages are not targets.
   */
  findByDocumentId(
    ctx: PersistenceContext,
    input: { direction: DocumentDirection; documentId: string; senderMember: string },
  ): Promise<DocumentRecord | null> {
    return this.runner.repository(ctx, DocumentRecord).findOne({
      where: { ...input, businessType: 'new' },
      order: { createdAt: 'DESC' },
    });
  }

  /**
   * Serialises, until the caller's transaction ends, everything that stores a document with this
   * (direction, sender, DocumentId): the identity check and the insert that follows it cannot
   * interleave with another delivery or send of the same identity, on any replica.
   */
  async lockDocumentId(
    ctx: PersistenceContext,
    input: { direction: DocumentDirection; documentId: string; senderMember: string },
  ): Promise<void> {
    await this.runner
      .repository(ctx, DocumentRecord)
      .query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `lienthong.document:${input.direction}:${input.senderMember}:${input.documentId}`,
      ]);
  }

  /** Every document with this (direction, sender, DocumentId), oldest first. */
  withDocumentId(
    ctx: PersistenceContext,
    input: { direction: DocumentDirection; documentId: string; senderMember: string },
  ): Promise<
    Pick<DocumentRecord, 'id' | 'documentId' | 'businessType' | 'packageSha256' | 'deliveryId'>[]
  > {
    return this.runner.repository(ctx, DocumentRecord).query(
      `SELECT id, document_id AS "documentId", business_type AS "businessType",
         package_sha256 AS "packageSha256", delivery_id AS "deliveryId"
       FROM document WHERE direction = $1 AND document_id = $2 AND sender_member = $3
       ORDER BY created_at, id`,
      [input.direction, input.documentId, input.senderMember],
    );
  }

  /**
   * The newest copy, of any business type, carrying this DocumentId (statuses bind to it), found
   * and locked against a racing change in one statement, with only what recording a status needs.
   */
  async lockLatestByDocumentId(
    ctx: PersistenceContext,
    input: { direction: DocumentDirection; documentId: string; senderMember: string },
  ): Promise<Pick<DocumentRecord, 'id' | 'recipients'> | null> {
    const rows: Pick<DocumentRecord, 'id' | 'recipients'>[] = await this.runner
      .repository(ctx, DocumentRecord)
      .query(
        `SELECT id, recipients FROM document
         WHERE direction = $1 AND document_id = $2 AND sender_member = $3
         ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
        [input.direction, input.documentId, input.senderMember],
      );
    return rows[0] ?? null;
  }

  /**
   * One of our documents by its id, locked against a racing change, with what binding a status to
   * it needs (the document a delivery carried, or the target of the revocation it carried).
   */
  async lockDocument(
    ctx: PersistenceContext,
    id: string,
  ): Promise<Pick<
    DocumentRecord,
    'id' | 'direction' | 'documentId' | 'businessType' | 'targetRef' | 'recipients'
  > | null> {
    const rows: Pick<
      DocumentRecord,
      'id' | 'direction' | 'documentId' | 'businessType' | 'targetRef' | 'recipients'
    >[] = await this.runner.repository(ctx, DocumentRecord).query(
      `SELECT id, direction, document_id AS "documentId", business_type AS "businessType",
         target_ref AS "targetRef", recipients FROM document WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** One copy's statuses, oldest first: code and message id (read under the document's lock). */
  timelineEntries(
    ctx: PersistenceContext,
    documentRef: string,
    recipientMember: string,
  ): Promise<Pick<DocumentStatusRecord, 'code' | 'messageId'>[]> {
    return this.runner.repository(ctx, DocumentStatusRecord).query(
      `SELECT code, message_id AS "messageId" FROM document_status
       WHERE document_ref = $1 AND recipient_member = $2 ORDER BY id`,
      [documentRef, recipientMember],
    );
  }

  async setAvailability(
    ctx: PersistenceContext,
    id: string,
    availability: DocumentAvailability,
    supersededBy: string | null = null,
  ): Promise<void> {
    await this.runner
      .repository(ctx, DocumentRecord)
      .update({ id }, { availability, ...(supersededBy ? { supersededBy } : {}) });
  }

  async addStatus(
    ctx: PersistenceContext,
    status: Omit<DocumentStatusRecord, 'id' | 'createdAt'>,
  ): Promise<void> {
    await this.runner.repository(ctx, DocumentStatusRecord).query(
      `INSERT INTO document_status (document_ref, recipient_member, code, description,
         reason_code, origin, officer_id, package, signature, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        status.documentRef,
        status.recipientMember,
        status.code,
        status.description,
        status.reasonCode,
        status.origin,
        status.officerId,
        status.packageBytes,
        status.signature,
        status.messageId,
      ],
    );
  }

  hasStatusMessage(ctx: PersistenceContext, messageId: string): Promise<boolean> {
    return this.runner.repository(ctx, DocumentStatusRecord).existsBy({ messageId });
  }

  /** Every status of a document, oldest first, optionally of one recipient's copy. */
  statuses(
    ctx: PersistenceContext,
    documentRef: string,
    recipientMember?: string,
  ): Promise<DocumentStatusRecord[]> {
    return this.runner.repository(ctx, DocumentStatusRecord).find({
      where: { documentRef, ...(recipientMember ? { recipientMember } : {}) },
      order: { id: 'ASC' },
    });
  }

  /** The status codes of one recipient's copy, oldest first, locked against a racing change. */
  async timeline(
    ctx: PersistenceContext,
    documentRef: string,
    recipientMember: string,
  ): Promise<EdxmlStatusCode[]> {
    // the row lock serialises concurrent transitions of one document (its id is all it reads)
    await this.runner
      .repository(ctx, DocumentRecord)
      .createQueryBuilder('d')
      .select('d.id')
      .setLock('pessimistic_write')
      .where('d.id = :documentRef', { documentRef })
      .getOne();
    const rows = await this.runner.repository(ctx, DocumentStatusRecord).find({
      select: { id: true, code: true },
      where: { documentRef, recipientMember },
      order: { id: 'ASC' },
    });
    return rows.map((row) => row.code);
  }

  async quarantine(
    ctx: PersistenceContext,
    entry: Omit<QuarantinedDocument, 'receivedAt'>,
  ): Promise<void> {
    await this.runner.repository(ctx, QuarantinedDocument).insert(entry);
  }

  /** Whether a verified delivery of `claimedSender` (`MEMBER/subsystem`) was quarantined already. */
  isQuarantined(
    ctx: PersistenceContext,
    claimedSender: string,
    deliveryId: string,
  ): Promise<boolean> {
    return this.runner
      .repository(ctx, QuarantinedDocument)
      .existsBy({ claimedSender, deliveryId, envelopeVerified: true });
  }

  /**
   * The deliveries about a document (its package to each recipient, the statuses sent about it)
   * and those that carried the given status messages, oldest first.
   */
  deliveries(
    ctx: PersistenceContext,
    documentRef: string,
    messageIds: readonly string[] = [],
  ): Promise<DocumentDelivery[]> {
    return this.runner.repository(ctx, DocumentDelivery).find({
      where: [
        { documentRef },
        ...(messageIds.length > 0 ? [{ messageId: In([...messageIds]) }] : []),
      ],
      order: { id: 'ASC' },
      // everything but the sealed bytes and headers
      select: {
        id: true,
        messageId: true,
        documentRef: true,
        kind: true,
        recipientMember: true,
        recipientSubsystem: true,
        createdAt: true,
        attempts: true,
        lastError: true,
        sentAt: true,
        expiredAt: true,
        refusalCode: true,
        refusalMessageId: true,
        refusedAt: true,
      },
    });
  }

  /** Our delivery `messageId` to `member`, if there is one. */
  deliveryTo(
    ctx: PersistenceContext,
    messageId: string,
    member: string,
  ): Promise<DocumentDelivery | null> {
    return this.runner.repository(ctx, DocumentDelivery).findOne({
      where: { messageId, recipientMember: member },
      select: { id: true, kind: true, documentRef: true, refusalMessageId: true },
    });
  }

  /** Records the signed 02 (`refusalMessageId`, `code`) with which its recipient refused a delivery. */
  async markDeliveryRefused(
    ctx: PersistenceContext,
    messageId: string,
    refusal: { code: string; refusalMessageId: string },
  ): Promise<void> {
    await this.runner.repository(ctx, DocumentDelivery).update(
      { messageId },
      {
        refusalCode: refusal.code,
        refusalMessageId: refusal.refusalMessageId,
        refusedAt: new Date(),
      },
    );
  }

  async quarantined(ctx: PersistenceContext, limit: number, offset: number) {
    const [items, total] = await this.runner
      .repository(ctx, QuarantinedDocument)
      .findAndCount({ order: { receivedAt: 'DESC' }, take: limit, skip: offset });
    return { items, total };
  }

  /** One page of documents, newest first, with the total count for paging. */
  async list(
    ctx: PersistenceContext,
    filter: DocumentListFilter,
  ): Promise<{ items: DocumentRecord[]; total: number }> {
    const query = this.runner
      .repository(ctx, DocumentRecord)
      .createQueryBuilder('d')
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(filter.limit)
      .skip(filter.offset);
    if (filter.direction) {
      query.andWhere('d.direction = :direction', { direction: filter.direction });
    }
    if (filter.from) {
      query.andWhere('d.created_at >= :from', { from: filter.from });
    }
    if (filter.to) {
      query.andWhere('d.created_at < :to', { to: filter.to });
    }
    if (filter.sender) {
      query.andWhere('(d.sender_member = :sender OR d.sender_organ_id = :sender)', {
        sender: filter.sender,
      });
    }
    if (filter.status) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM document_status s WHERE s.document_ref = d.id AND s.code = :status
          AND s.id = (SELECT max(l.id) FROM document_status l
                      WHERE l.document_ref = d.id AND l.recipient_member = s.recipient_member))`,
        { status: filter.status },
      );
    }
    const [items, total] = await query.getManyAndCount();
    return { items, total };
  }
}
