import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { PersistenceContext } from '@lienthong/persistence';
import { buildSignedEdxml, type EdxmlAttachmentInput, type EdxmlDocument } from '@lienthong/edxml';
import type { DocumentDelivery } from './document-delivery.entity';
import type { DocumentRecipient, DocumentRecord } from './document.entity';
import { DocumentExchange } from './document-exchange';
import { DocumentOutbox } from './document-outbox';
import { DocumentRepository } from './document.repository';
import { EDOC_KIND, EDOC_TYPE, type EdocPayload } from './documents.constants';
import { DocumentError } from './documents.errors';
import type { SendDocumentMetadata, UploadedDocumentFile } from './send-document.input';

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A document as it was just stored: the record (with the database's created_at) and its deliveries. */
export interface SentDocument {
  readonly record: DocumentRecord;
  readonly deliveries: readonly DocumentDelivery[];
}

/** What a sent document is made of, before it is stored. */
interface Outgoing {
  readonly signed: Buffer;
  readonly document: EdxmlDocument;
  readonly recipients: readonly DocumentRecipient[];
  readonly target: DocumentRecord | null;
  readonly files: readonly { sha256: string; bytes: Uint8Array }[];
}

/**
 * Sends an official document (step 1 of issue 5): builds the edXML package from the officer's
 * metadata, lists every file in the manifest by SHA-256, signs it with the agency key and puts the
 * files in the object store of each recipient's pair; then the outgoing record and one sealed delivery per recipient commit
 * together or not at all, and the document outbox publishes each delivery to LT_DOCS after commit
 * (exactly one envelope per recipient, retried until the stream acknowledged it).
 */
@Injectable()
export class DocumentSender {
  constructor(
    private readonly exchange: DocumentExchange,
    private readonly documents: DocumentRepository,
    private readonly outbox: DocumentOutbox,
  ) {}

  async send(input: {
    metadata: SendDocumentMetadata;
    main?: UploadedDocumentFile;
    attachments: readonly UploadedDocumentFile[];
    officerId: string;
  }): Promise<SentDocument> {
    const outgoing = await this.prepare(input);
    const unsaved = this.toRecord(outgoing);
    // refused before any file is put; checked again under the identity's lock below
    await this.assertIdentityFree({}, unsaved);
    // one copy in the store of each pair (this agency → a recipient): ADR 0019
    for (const recipient of outgoing.recipients) {
      for (const file of outgoing.files) {
        await this.exchange.putAttachment(recipient.member, file.sha256, file.bytes);
      }
    }
    return this.documents.transaction({}, async (tx) => {
      await this.documents.lockDocumentId(tx, {
        direction: 'outgoing',
        senderMember: unsaved.senderMember,
        documentId: unsaved.documentId,
      });
      await this.assertIdentityFree(tx, unsaved);
      const record = await this.documents.insert(tx, unsaved);
      const deliveries: DocumentDelivery[] = [];
      if (outgoing.target) {
        await this.documents.setAvailability(
          tx,
          outgoing.target.id,
          availabilityAfter(record.businessType),
          record.id,
        );
      }
      for (const recipient of outgoing.recipients) {
        const delivery = await this.deliver(tx, record, recipient, outgoing.signed);
        deliveries.push(delivery);
        const deliveryId = delivery.messageId;
        if (outgoing.target && record.businessType === 'revoke') {
          // a revocation is the sender's take-back (13) of the target, carried by the package itself
          await this.documents.addStatus(tx, {
            documentRef: outgoing.target.id,
            recipientMember: recipient.member,
            code: '13',
            description: record.metadata.business.reason ?? null,
            reasonCode: null,
            origin: 'local',
            officerId: input.officerId,
            packageBytes: outgoing.signed,
            signature: null,
            messageId: deliveryId,
          });
        }
      }
      return { record, deliveries };
    });
  }

  /**
   * A new document takes a DocumentId this agency has not sent before (số and ký hiệu are unique per
   * agency and year, NĐ 30/2020 Art. 15(1)); a revoke, update or replace may reuse one.
   */
  private async assertIdentityFree(
    ctx: PersistenceContext,
    record: Omit<DocumentRecord, 'createdAt'>,
  ): Promise<void> {
    if (record.businessType !== 'new') {
      return;
    }
    const [earlier] = await this.documents.withDocumentId(ctx, {
      direction: 'outgoing',
      senderMember: record.senderMember,
      documentId: record.documentId,
    });
    if (earlier) {
      throw new DocumentError(
        'DOCUMENT_ID_REUSED',
        `document ${earlier.id} was sent with DocumentId ${record.documentId} already`,
        { details: { documentId: record.documentId, id: earlier.id } },
      );
    }
  }

  private async prepare(input: {
    metadata: SendDocumentMetadata;
    main?: UploadedDocumentFile;
    attachments: readonly UploadedDocumentFile[];
  }): Promise<Outgoing> {
    const { metadata } = input;
    const directory = this.exchange.directory();
    const self = this.exchange.runtime.self.member;
    const target = await this.target(metadata);
    const members =
      metadata.recipients.length > 0
        ? metadata.recipients
        : (target?.recipients.map((r) => r.member) ?? []);
    if (members.length === 0) {
      throw new DocumentError('DOCUMENT_METADATA_INVALID', 'at least one recipient is required');
    }
    if (!input.main && metadata.business?.docType !== 'revoke') {
      throw new DocumentError(
        'DOCUMENT_MAIN_FILE_MISSING',
        'the multipart file "main" is required',
      );
    }
    const recipients = members.map((m) => directory.recipient(m, self));
    const files = [...(input.main ? [input.main] : []), ...input.attachments].map((f) => ({
      file: f,
      sha256: sha256Hex(f.buffer),
      bytes: f.buffer,
    }));
    const attachments: EdxmlAttachmentInput[] = files.map(({ file, sha256 }) => ({
      contentType: file.mimetype || 'application/octet-stream',
      attachmentName: file.originalname || sha256,
      sha256,
      size: file.size,
    }));
    const ownOrganId = directory.ownOrganId(self);
    const business = metadata.business;
    const built = buildSignedEdxml(
      {
        header: {
          ...metadata.header,
          from: { organId: ownOrganId, organName: directory.organName(self) },
          to: recipients.map((r) => ({
            organId: r.organId,
            organName: directory.organName(r.member),
          })),
        },
        trace: [{ organId: ownOrganId, timestamp: new Date() }],
        business: business
          ? {
              docType: business.docType,
              documentId: business.documentId,
              ...(business.reason ? { reason: business.reason } : {}),
              paper: business.paper ?? false,
              ...(business.docType === 'replace'
                ? {
                    replacements: [
                      {
                        documentId: business.documentId,
                        organIds: recipients.map((r) => r.organId),
                      },
                    ],
                  }
                : {}),
            }
          : { docType: 'new', paper: metadata.paper ?? false },
        attachments,
      },
      this.exchange.runtime.signer,
    );
    // the metadata stored is the model the package was written from: what a verifier reads back
    return {
      signed: Buffer.from(built.xml, 'utf8'),
      document: built.document,
      recipients,
      target,
      files,
    };
  }

  private async target(metadata: SendDocumentMetadata): Promise<DocumentRecord | null> {
    if (!metadata.business) {
      return null;
    }
    const target = await this.documents.findByDocumentId(
      {},
      {
        direction: 'outgoing',
        documentId: metadata.business.documentId,
        senderMember: this.exchange.runtime.self.member,
      },
    );
    if (!target || target.availability !== 'valid') {
      throw new DocumentError(
        'DOCUMENT_TARGET_UNKNOWN',
        `${metadata.business.documentId} is not a valid document sent by this agency`,
      );
    }
    return target;
  }

  private toRecord(outgoing: Outgoing): Omit<DocumentRecord, 'createdAt'> {
    const { document, signed } = outgoing;
    const self = this.exchange.runtime.self.member;
    return {
      id: uuidv7(),
      direction: 'outgoing',
      documentId: document.header.documentId,
      businessType: document.business.docType,
      targetRef: outgoing.target?.id ?? null,
      senderMember: self,
      senderOrganId: document.header.from.organId,
      recipients: [...outgoing.recipients],
      subject: document.header.subject,
      promulgationDate: document.header.promulgation.date,
      metadata: {
        header: document.header,
        business: document.business,
        manifest: document.manifest,
        trace: document.trace,
      },
      packageBytes: signed,
      packageSha256: sha256Hex(signed),
      verification: null,
      deliveryId: null,
      availability: 'valid',
      supersededBy: null,
    };
  }

  private async deliver(
    tx: PersistenceContext,
    record: Omit<DocumentRecord, 'createdAt'>,
    recipient: DocumentRecipient,
    signed: Buffer,
  ): Promise<DocumentDelivery> {
    const payload: EdocPayload = {
      documentId: record.documentId,
      businessType: record.businessType,
      package: signed.toString('base64'),
      attachments: record.metadata.manifest.map((m) => ({ sha256: m.sha256, size: m.size })),
    };
    const queued = await this.outbox.enqueue(tx, {
      recipient: { member: recipient.member, subsystem: recipient.subsystem },
      kind: EDOC_KIND,
      type: EDOC_TYPE,
      payload,
      documentRef: record.id,
    });
    return queued.row;
  }
}

/** What a revoke, update or replace does to the copy it targets. */
export function availabilityAfter(
  businessType: DocumentRecord['businessType'],
): DocumentRecord['availability'] {
  switch (businessType) {
    case 'revoke':
      return 'revoked';
    case 'update':
      return 'updated';
    case 'replace':
      return 'replaced';
    case 'new':
      return 'valid';
  }
}
