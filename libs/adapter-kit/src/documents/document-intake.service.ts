import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import {
  verifyAttachment,
  verifyEdxml,
  certificateSha256,
  type EdxmlDocument,
  type VerifiedEdxml,
} from '@lienthong/edxml';
import type { Party, VerifiedEnvelope } from '@lienthong/envelope';
import { toAppError } from '@lienthong/errors';
import type { DurableMessage } from '@lienthong/messaging';
import {
  isUniqueViolation,
  violatedConstraint,
  type PersistenceContext,
} from '@lienthong/persistence';
import { DOCUMENT_AUDIT, type DocumentAudit } from './document-bus';
import type { DocumentMetadata, DocumentRecord } from './document.entity';
import { DocumentExchange } from './document-exchange';
import { DocumentOutbox } from './document-outbox';
import { DocumentRefusal } from './document-refusal';
import { DocumentRepository } from './document.repository';
import { availabilityAfter } from './document-sender.service';
import {
  DOCUMENTS_OPTIONS,
  DOCUMENT_STATUS_TYPE,
  EDOC_TYPE,
  STATUS_KIND,
  type EdocPayload,
  type StatusPayload,
} from './documents.constants';
import { DocumentError } from './documents.errors';
import type { DocumentsOptions } from './documents.options';
import { quarantineEntry } from './quarantine';
import { acceptedFacts } from '../core/audit-trail';
import { WebhookOutbox } from '../webhooks/webhook-outbox';

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A delivery whose envelope verified, with its package decoded. */
interface OpenedDelivery {
  readonly envelope: VerifiedEnvelope<EdocPayload>;
  readonly packageBytes: Buffer;
}

/**
 * Receives official documents (step 2 of issue 5). Verifies the envelope, then the edXML package
 * with the sender's registered certificate (KeyInfo never trusted), checks that the signer is the
 * member that sent the delivery and that the package is addressed to us, fetches every attachment
 * and matches it to the signed manifest, stores the package byte for byte with the result, and
 * answers a signed 01 (queued in the same transaction, published after commit). Any failed check:
 * quarantine with the raw bytes and a signed 02 carrying the reason code (when the sender is
 * known); nothing of it is ever shown as a document.
 */
@Injectable()
export class DocumentIntake {
  constructor(
    private readonly exchange: DocumentExchange,
    private readonly documents: DocumentRepository,
    private readonly outbox: DocumentOutbox,
    private readonly refusal: DocumentRefusal,
    @Inject(DOCUMENT_AUDIT) private readonly audit: DocumentAudit,
    @Inject(DOCUMENTS_OPTIONS) private readonly options: DocumentsOptions,
    @Optional() private readonly webhooks?: WebhookOutbox,
  ) {}

  /** Handles one delivery; throws only retryable errors (the message is then redelivered). */
  async receive(message: DurableMessage): Promise<void> {
    let opened: OpenedDelivery | undefined;
    try {
      opened = await this.openDelivery(message);
      const verified = this.verifyPackage(opened);
      await this.checkAttachments(
        opened.envelope.body.sender.member,
        verified.document as EdxmlDocument,
      );
      // a redelivery of a stored document is known by its (sender, delivery id) before the copy is
      // inserted, under the lock of its identity: nothing happens a second time
      await this.accept(message, opened, verified);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.retryable) {
        throw appError;
      }
      // a redelivery is never refused, even when its package no longer verifies (a certificate
      // revoked meanwhile): the copy stored the first time stands
      const body = opened?.envelope.body;
      if (body && (await this.documents.findDelivery({}, body.sender.member, body.id))) {
        return;
      }
      await this.refusal.refuse(message, opened?.envelope, appError, true);
    }
  }

  private async openDelivery(message: DurableMessage): Promise<OpenedDelivery> {
    const envelope = await this.exchange.open<EdocPayload>(
      message.data,
      message.headers,
      EDOC_TYPE,
      (sender) => this.authorize(sender),
    );
    const packageBytes = Buffer.from(envelope.body.payload.package, 'base64');
    return { envelope, packageBytes };
  }

  private authorize(sender: Party): void {
    if (!this.exchange.directory().maySend(sender, this.exchange.runtime.self.member)) {
      throw new DocumentError(
        'DOCUMENT_SENDER_NOT_ALLOWED',
        `${sender.member} may not send documents to ${this.exchange.runtime.self.member}`,
      );
    }
  }

  private verifyPackage({ envelope, packageBytes }: OpenedDelivery): VerifiedEdxml {
    const directory = this.exchange.directory();
    const now = new Date();
    const verified = verifyEdxml(packageBytes, {
      resolveCertificates: (organId) => directory.certificatesOf(organId, now),
      limits: { maxBytes: this.options.maxPackageBytes },
      at: now,
    });
    const document = verified.document;
    const { body } = envelope;
    if (document.kind !== 'document') {
      throw new DocumentError(
        'DOCUMENT_DELIVERY_MISMATCH',
        'the package is a status, not a document',
      );
    }
    if (directory.memberByOrganId(document.header.from.organId)?.code !== body.sender.member) {
      throw new DocumentError(
        'DOCUMENT_SENDER_MISMATCH',
        `the package is from ${document.header.from.organId}, the delivery from ${body.sender.member}`,
      );
    }
    const own = directory.ownOrganId(this.exchange.runtime.self.member);
    if (!document.header.to.some((to) => to.organId === own)) {
      throw new DocumentError(
        'DOCUMENT_RECIPIENT_MISMATCH',
        `the package is not addressed to ${own}`,
      );
    }
    checkHints(body.payload, document);
    return verified;
  }

  /** Every file of the manifest, from the store of the pair (sender → this agency), checked. */
  private async checkAttachments(sender: string, document: EdxmlDocument): Promise<void> {
    const pair = { sender, recipient: this.exchange.runtime.self.member };
    for (const entry of document.manifest) {
      if (document.inlineContentIds.includes(entry.contentId)) {
        continue;
      }
      verifyAttachment(entry, await this.exchange.getAttachment(pair, entry.sha256));
    }
  }

  private async accept(
    message: DurableMessage,
    opened: OpenedDelivery,
    verified: VerifiedEdxml,
  ): Promise<void> {
    const { body } = opened.envelope;
    const document = verified.document as EdxmlDocument;
    const metadata: DocumentMetadata = {
      header: document.header,
      business: document.business,
      manifest: document.manifest,
      trace: document.trace,
    };
    const self = this.exchange.runtime.self.member;
    const record: Omit<DocumentRecord, 'createdAt'> = {
      id: uuidv7(),
      direction: 'incoming',
      documentId: document.header.documentId,
      businessType: document.business.docType,
      targetRef: null,
      senderMember: body.sender.member,
      senderOrganId: document.header.from.organId,
      recipients: [
        {
          member: self,
          subsystem: this.exchange.runtime.self.subsystem,
          organId: this.exchange.directory().ownOrganId(self),
        },
      ],
      subject: document.header.subject,
      promulgationDate: document.header.promulgation.date,
      metadata,
      packageBytes: opened.packageBytes,
      packageSha256: sha256Hex(opened.packageBytes),
      verification: {
        valid: true,
        verifiedAt: new Date().toISOString(),
        algorithm: verified.algorithm,
        signerCertificateSha256: certificateSha256(verified.signerCertificatePem),
        legacyAlgorithm: verified.legacy,
        attachmentsChecked: document.manifest.length - document.inlineContentIds.length,
      },
      deliveryId: body.id,
      availability: 'valid',
      supersededBy: null,
    };
    try {
      await this.store(message, opened.envelope, record);
    } catch (error) {
      if (!isUniqueViolation(error) || violatedConstraint(error) !== 'uq_document_delivery') {
        throw error;
      }
      // stored before: nothing is stored twice, and its audit record (one per message) is
      // written again in case the first attempt stopped before it
    }
    await this.audit.record(acceptedFacts(opened.envelope));
  }

  /**
   * The copy, its 01 and what its business type does, in one transaction; unless the sender's
   * DocumentId is taken (docs/protocol.md §11, "One document per DocumentId"). Under the lock of
   * (sender, DocumentId): the same delivery again is a redelivery (nothing happens); the same
   * package in another envelope is a resend, answered with the state of the copy held and kept
   * apart; another package with that DocumentId is refused (DOCUMENT_ID_REUSED) unless it revokes,
   * updates or replaces, which have their own flow.
   */
  private async store(
    message: DurableMessage,
    envelope: VerifiedEnvelope<EdocPayload>,
    record: Omit<DocumentRecord, 'createdAt'>,
  ): Promise<void> {
    const { body } = envelope;
    const self = this.exchange.runtime.self.member;
    await this.documents.transaction({}, async (tx) => {
      const identity = {
        direction: 'incoming',
        senderMember: record.senderMember,
        documentId: record.documentId,
      } as const;
      await this.documents.lockDocumentId(tx, identity);
      const earlier = await this.documents.withDocumentId(tx, identity);
      if (earlier.some((stored) => stored.deliveryId === body.id)) {
        return;
      }
      const same = earlier.find((stored) => stored.packageSha256 === record.packageSha256);
      if (same) {
        await this.answerResend(tx, message, envelope, same);
        return;
      }
      if (earlier.length > 0 && record.businessType === 'new') {
        throw new DocumentError(
          'DOCUMENT_ID_REUSED',
          `${record.senderMember} already sent another package with DocumentId ${record.documentId}`,
          { details: { documentId: record.documentId } },
        );
      }
      const target = await this.applyBusiness(tx, record);
      await this.documents.insert(tx, { ...record, targetRef: target?.id ?? null });
      await this.answer(tx, record, '01', body.sender, body.id);
      // the agency's own systems are told in the same transaction (docs/protocol.md §16)
      await this.webhooks?.enqueue(tx, {
        topic: 'document.received',
        data: {
          kind: 'document.received',
          documentRef: record.id,
          documentId: record.documentId,
          senderMember: record.senderMember,
          ...(record.senderOrganId ? { senderOrganId: record.senderOrganId } : {}),
          subject: record.subject,
          businessType: record.businessType,
          packageSha256: record.packageSha256,
        },
      });
      if (target && record.businessType === 'revoke') {
        // NĐ 30/2020 Art. 18(4)(b): the revoked copy is withdrawn and the sender told so; the
        // revocation itself stands in the target's timeline as the sender's take-back (13)
        await this.documents.addStatus(tx, {
          documentRef: target.id,
          recipientMember: self,
          code: '13',
          description: record.metadata.business.reason ?? null,
          reasonCode: null,
          origin: 'remote',
          officerId: null,
          packageBytes: record.packageBytes,
          signature: null,
          messageId: body.id,
        });
        await this.answer(tx, target, '15', body.sender, body.id);
      }
    });
  }

  /**
   * A resend: the package of a copy we hold, again, in another envelope. Nothing of the copy
   * changes; the message is kept apart (quarantine, DOCUMENT_RESENT: no document of its own) and
   * answered, once, with a signed status reporting the copy's current status (`resendOf` = the
   * delivery it came with). A resend redelivered finds its quarantine row and is not answered twice.
   */
  private async answerResend(
    tx: PersistenceContext,
    message: DurableMessage,
    envelope: VerifiedEnvelope<EdocPayload>,
    copy: Pick<DocumentRecord, 'id' | 'documentId' | 'deliveryId'>,
  ): Promise<void> {
    const { body } = envelope;
    const self = this.exchange.runtime.self.member;
    if (
      await this.documents.isQuarantined(
        tx,
        `${body.sender.member}/${body.sender.subsystem}`,
        body.id,
      )
    ) {
      return;
    }
    const timeline = await this.documents.timeline(tx, copy.id, self);
    const payload: StatusPayload = {
      documentId: copy.documentId,
      statusCode: timeline.at(-1) ?? '01',
      description: `resent: this package was received before, as delivery ${copy.deliveryId ?? '?'}`,
      deliveryId: body.id,
      ...(copy.deliveryId ? { resendOf: copy.deliveryId } : {}),
    };
    await this.outbox.enqueue(tx, {
      recipient: body.sender,
      kind: STATUS_KIND,
      type: DOCUMENT_STATUS_TYPE,
      payload,
      documentRef: null,
    });
    const resent = new DocumentError(
      'DOCUMENT_RESENT',
      `the package of delivery ${copy.deliveryId ?? '?'} again, in delivery ${body.id}`,
      { details: { documentId: copy.documentId } },
    );
    await this.documents.quarantine(tx, quarantineEntry(message, envelope, resent, true));
    this.exchange.runtime.logger.warn(
      { sender: body.sender.member, documentId: copy.documentId, deliveryId: body.id },
      'a document was resent in another envelope: answered with the state of the copy held',
    );
  }

  /** Revoke, update and replace withdraw the copy they name (same sender only). */
  private async applyBusiness(
    tx: object,
    record: Omit<DocumentRecord, 'createdAt'>,
  ): Promise<DocumentRecord | null> {
    const targetId = record.metadata.business.documentId;
    if (record.businessType === 'new' || !targetId) {
      return null;
    }
    const target = await this.documents.findByDocumentId(tx, {
      direction: 'incoming',
      documentId: targetId,
      senderMember: record.senderMember,
    });
    if (!target || target.availability !== 'valid') {
      return null;
    }
    await this.documents.setAvailability(tx, target.id, availabilityAfter(record.businessType));
    return target;
  }

  /** Queues the signed status `code` about `record` for `sender` and records it on the timeline. */
  private async answer(
    tx: PersistenceContext,
    record: Pick<DocumentRecord, 'id' | 'documentId'>,
    code: '01' | '15',
    sender: Party,
    deliveryId: string,
  ): Promise<void> {
    const payload: StatusPayload = { documentId: record.documentId, statusCode: code, deliveryId };
    const queued = await this.outbox.enqueue(tx, {
      recipient: sender,
      kind: STATUS_KIND,
      type: DOCUMENT_STATUS_TYPE,
      payload,
      documentRef: record.id,
    });
    await this.documents.addStatus(tx, {
      documentRef: record.id,
      recipientMember: this.exchange.runtime.self.member,
      code,
      description: null,
      reasonCode: null,
      origin: 'local',
      officerId: null,
      packageBytes: queued.bytes,
      signature: queued.signature,
      messageId: queued.id,
    });
  }
}

/** The hints of the delivery must say what the signed package says. */
function checkHints(payload: EdocPayload, document: EdxmlDocument): void {
  const listed = document.manifest.map((m) => `${m.sha256}:${m.size}`).sort();
  const hinted = payload.attachments.map((a) => `${a.sha256}:${a.size}`).sort();
  if (
    payload.documentId !== document.header.documentId ||
    payload.businessType !== document.business.docType ||
    listed.join(',') !== hinted.join(',')
  ) {
    throw new DocumentError(
      'DOCUMENT_DELIVERY_MISMATCH',
      'document id, business type or attachment references differ from the signed package',
    );
  }
}
