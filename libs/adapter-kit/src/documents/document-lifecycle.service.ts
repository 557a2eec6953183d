import { Inject, Injectable, Optional } from '@nestjs/common';
import { verifyEdxml, type EdxmlStatusCode } from '@lienthong/edxml';
import type { Party, VerifiedEnvelope } from '@lienthong/envelope';
import { toAppError } from '@lienthong/errors';
import type { DurableMessage } from '@lienthong/messaging';
import type { PersistenceContext } from '@lienthong/persistence';
import { DOCUMENT_AUDIT, type DocumentAudit, type DocumentOfficer } from './document-bus';
import type { DocumentRecipient, DocumentRecord } from './document.entity';
import { DocumentExchange } from './document-exchange';
import { checkTransition, type DocumentParty } from './document-lifecycle';
import { DocumentOutbox } from './document-outbox';
import { DocumentRefusal } from './document-refusal';
import { DocumentRepository } from './document.repository';
import {
  DOCUMENT_STATUS_TYPE,
  DOCUMENT_STATUS_V1_TYPE,
  STATUS_KIND,
  type StatusPayload,
  type StatusPayloadV1,
} from './documents.constants';
import { DocumentError } from './documents.errors';
import { acceptedFacts } from '../core/audit-trail';
import { WebhookOutbox } from '../webhooks/webhook-outbox';

/** A status an officer posts (`POST /v1/documents/{id}/status`). */
export interface PostStatusInput {
  readonly code: EdxmlStatusCode;
  readonly description?: string;
  /** For the sender's 13: the one recipient asked; default every recipient. */
  readonly recipient?: string;
  readonly officer: DocumentOfficer;
}

/**
 * The document lifecycle (step 3 of issue 5): officers' statuses 02..06 and 15/16 on received
 * copies, the sender's 13 on sent ones, each a status message signed by its envelope and bound to
 * the DocumentId (status:2, ADR 0010), and allowed only as a legal transition; and the statuses that arrive from the other party, which
 * are verified and checked against the same state machine before they join a timeline. Every
 * status sent is queued in the transaction that records it (the document outbox publishes it). A
 * status refused here is quarantined, audited and, when its envelope verified, answered with a
 * signed 02 carrying the reason code (DOCUMENT_STATUS_UNBOUND for a document this agency does not
 * hold), unless it is itself such an automatic refusal; an automatic 02 that answers one of our
 * status messages is recorded on that delivery.
 */
@Injectable()
export class DocumentLifecycle {
  constructor(
    private readonly exchange: DocumentExchange,
    private readonly documents: DocumentRepository,
    private readonly outbox: DocumentOutbox,
    private readonly refusal: DocumentRefusal,
    @Inject(DOCUMENT_AUDIT) private readonly audit: DocumentAudit,
    @Optional() private readonly webhooks?: WebhookOutbox,
  ) {}

  /** Signs, sends and records an officer's status on document `id`. */
  async post(id: string, input: PostStatusInput): Promise<void> {
    await this.documents.transaction({}, async (tx) => {
      const document = await this.documents.find(tx, id);
      if (!document) {
        throw new DocumentError('DOCUMENT_NOT_FOUND', `no document ${id}`);
      }
      if (document.availability !== 'valid') {
        throw new DocumentError(
          'DOCUMENT_NOT_AVAILABLE',
          `document ${id} is ${document.availability}`,
        );
      }
      const party: DocumentParty = document.direction === 'incoming' ? 'recipient' : 'sender';
      for (const { copy, to } of this.addressees(document, party, input.recipient)) {
        const timeline = await this.documents.timeline(tx, document.id, copy);
        checkTransition({ timeline, code: input.code, party, description: input.description });
        await this.send(tx, document, { copy, to, ...input });
        if (input.code === '15') {
          await this.documents.setAvailability(tx, document.id, 'taken-back');
        }
      }
    });
  }

  /** Whose copy each status is about, and the party it goes to. */
  private addressees(
    document: DocumentRecord,
    party: DocumentParty,
    only?: string,
  ): { copy: string; to: Party }[] {
    const self = this.exchange.runtime.self.member;
    if (party === 'recipient') {
      const sender = this.exchange.directory().recipient(document.senderMember, self);
      return [{ copy: self, to: partyOf(sender) }];
    }
    const chosen = document.recipients.filter((r) => !only || r.member === only);
    if (chosen.length === 0) {
      throw new DocumentError('DOCUMENT_RECIPIENT_UNKNOWN', `${only ?? ''} is not a recipient`);
    }
    return chosen.map((r) => ({ copy: r.member, to: partyOf(r) }));
  }

  private async send(
    tx: PersistenceContext,
    document: DocumentRecord,
    input: PostStatusInput & { copy: string; to: Party },
  ): Promise<void> {
    const payload: StatusPayload = {
      documentId: document.documentId,
      statusCode: input.code,
      ...(input.description ? { description: input.description } : {}),
      staff: {
        staff: input.officer.name ?? input.officer.id,
        ...(input.officer.unit ? { department: input.officer.unit } : {}),
      },
    };
    const queued = await this.outbox.enqueue(tx, {
      recipient: input.to,
      kind: STATUS_KIND,
      type: DOCUMENT_STATUS_TYPE,
      payload,
      documentRef: document.id,
    });
    await this.documents.addStatus(tx, {
      documentRef: document.id,
      recipientMember: input.copy,
      code: input.code,
      description: input.description ?? null,
      reasonCode: null,
      origin: 'local',
      officerId: input.officer.id,
      packageBytes: queued.bytes,
      signature: queued.signature,
      messageId: queued.id,
    });
  }

  /** A status from the other party; throws only retryable errors, quarantines the rest. */
  async receive(message: DurableMessage): Promise<void> {
    let envelope: VerifiedEnvelope<AnyStatusPayload> | undefined;
    try {
      envelope = await this.exchange.open<AnyStatusPayload>(
        message.data,
        message.headers,
        [DOCUMENT_STATUS_TYPE, DOCUMENT_STATUS_V1_TYPE],
        (sender) => {
          if (!this.exchange.directory().maySend(sender, this.exchange.runtime.self.member)) {
            throw new DocumentError(
              'DOCUMENT_SENDER_NOT_ALLOWED',
              `${sender.member} may not send statuses here`,
            );
          }
        },
      );
      // a status:1 redelivered is known by its id before its packet is verified again; a
      // status:2 costs nothing to check and is known under the document's lock in `record`
      if (
        envelope.body.type === DOCUMENT_STATUS_V1_TYPE &&
        (await this.documents.hasStatusMessage({}, envelope.body.id))
      ) {
        return;
      }
      const status = this.verifyStatus(envelope);
      if ((await this.recordRefusalOfOurs(envelope)) || (await this.recordResendAnswer(envelope))) {
        return;
      }
      await this.record(envelope, status);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.retryable) {
        throw appError;
      }
      // an automatic answer (a refusal carries a reason code, the answer to a resend `resendOf`)
      // is never answered: no ping-pong between two adapters
      const payload = envelope?.body.payload;
      const answer =
        payload !== undefined &&
        payload.reasonCode === undefined &&
        (payload as StatusPayload).resendOf === undefined;
      await this.refusal.refuse(message, envelope, appError, answer);
    }
  }

  /**
   * An automatic 02 (with a reason code) whose `deliveryId` names a status message we sent to its
   * signer: the other party refused that message (e.g. DOCUMENT_STATUS_UNBOUND). It is recorded
   * on our delivery, not in a timeline (the refused status never reached the other side's).
   * Returns false for everything else, a 02 refusing one of our documents included.
   */
  private async recordRefusalOfOurs(
    envelope: VerifiedEnvelope<AnyStatusPayload>,
  ): Promise<boolean> {
    const { body } = envelope;
    const { statusCode, reasonCode, deliveryId } = body.payload;
    if (statusCode !== '02' || !reasonCode || !deliveryId) {
      return false;
    }
    const delivery = await this.documents.deliveryTo({}, deliveryId, body.sender.member);
    if (delivery?.kind !== 'status') {
      return false;
    }
    if (delivery.refusalMessageId !== body.id) {
      await this.documents.markDeliveryRefused({}, deliveryId, {
        code: reasonCode,
        refusalMessageId: body.id,
      });
      this.exchange.runtime.logger.warn(
        { code: reasonCode, deliveryId, by: body.sender.member },
        'a status message of ours was refused',
      );
    }
    await this.audit.record(acceptedFacts(envelope));
    return true;
  }

  /**
   * The answer to a resend (`resendOf`): the other party received a package we had delivered
   * before once more, in the envelope `deliveryId`, and reports the state of the copy it holds. It
   * is a report, never a timeline entry: accepted and audited when `deliveryId` is a delivery of
   * ours to that party carrying the document it names, refused as DOCUMENT_STATUS_UNBOUND (and,
   * being automatic, not answered) otherwise, which is what a resend made outside this adapter
   * with its key gets. Returns false for every other status.
   */
  private async recordResendAnswer(envelope: VerifiedEnvelope<AnyStatusPayload>): Promise<boolean> {
    const { body } = envelope;
    const { resendOf, deliveryId, documentId } = body.payload as StatusPayload;
    if (resendOf === undefined) {
      return false;
    }
    const delivery = deliveryId
      ? await this.documents.deliveryTo({}, deliveryId, body.sender.member)
      : null;
    const document =
      delivery?.kind === 'edoc' && delivery.documentRef
        ? await this.documents.find({}, delivery.documentRef)
        : null;
    if (document?.direction !== 'outgoing' || document.documentId !== documentId) {
      throw new DocumentError(
        'DOCUMENT_STATUS_UNBOUND',
        `the answer to a resend names delivery ${deliveryId ?? '(none)'}, which did not carry ${documentId} to ${body.sender.member} from here`,
      );
    }
    this.exchange.runtime.logger.warn(
      { by: body.sender.member, deliveryId, resendOf, statusCode: body.payload.statusCode },
      'a delivery of ours was received as a resend of an earlier one',
    );
    await this.audit.record(acceptedFacts(envelope));
    return true;
  }

  /**
   * The status a verified envelope carries. A status:2 is signed by the envelope itself: its
   * payload is the status, already checked against its schema, and the envelope body with its JWS
   * is what the timeline keeps. A status:1 carries an edXML Status packet whose own XMLDSig is
   * verified with the registered certificate of the agency it names, which must be the sender.
   */
  private verifyStatus(envelope: VerifiedEnvelope<AnyStatusPayload>): ReceivedStatus {
    const { payload, sender, type } = envelope.body;
    if (type !== DOCUMENT_STATUS_V1_TYPE) {
      const { documentId, statusCode, description } = payload as StatusPayload;
      return {
        documentId,
        statusCode,
        ...(description ? { description } : {}),
        packageBytes: envelope.bytes,
        signature: envelope.signature,
      };
    }
    const directory = this.exchange.directory();
    const now = new Date();
    const packageBytes = Buffer.from((payload as StatusPayloadV1).package, 'base64');
    const { document } = verifyEdxml(packageBytes, {
      resolveCertificates: (organId) => directory.certificatesOf(organId, now),
      at: now,
    });
    if (document.kind !== 'status') {
      throw new DocumentError('DOCUMENT_DELIVERY_MISMATCH', 'the package is not a status');
    }
    if (directory.memberByOrganId(document.from.organId)?.code !== sender.member) {
      throw new DocumentError(
        'DOCUMENT_SENDER_MISMATCH',
        'the status is signed for another agency',
      );
    }
    if (
      document.responseFor.documentId !== payload.documentId ||
      document.statusCode !== payload.statusCode
    ) {
      throw new DocumentError(
        'DOCUMENT_DELIVERY_MISMATCH',
        'the status hints differ from the signed packet',
      );
    }
    return {
      documentId: document.responseFor.documentId,
      statusCode: document.statusCode,
      ...(document.description ? { description: document.description } : {}),
      packageBytes,
      signature: null,
    };
  }

  /**
   * Adds a verified status to the timeline of the copy it is about, if the lifecycle allows it.
   * The document is found and locked in one statement; its timeline, read under that lock, also
   * tells whether this status message is already in it (a redelivery: nothing is recorded twice).
   */
  private async record(envelope: VerifiedEnvelope<AnyStatusPayload>, status: ReceivedStatus) {
    const { body } = envelope;
    const self = this.exchange.runtime.self.member;
    // 13 comes from the document's sender to us as recipient; every other code from a recipient
    const party: DocumentParty = status.statusCode === '13' ? 'sender' : 'recipient';
    await this.documents.transaction({}, async (tx) => {
      const copy = party === 'sender' ? self : body.sender.member;
      const document =
        party === 'recipient' && body.payload.deliveryId
          ? await this.lockAnswered(tx, body.payload.deliveryId, copy, status)
          : await this.documents.lockLatestByDocumentId(tx, {
              direction: party === 'sender' ? 'incoming' : 'outgoing',
              documentId: status.documentId,
              senderMember: party === 'sender' ? body.sender.member : self,
            });
      if (!document || !document.recipients.some((r: DocumentRecipient) => r.member === copy)) {
        throw new DocumentError(
          'DOCUMENT_STATUS_UNBOUND',
          `no document ${status.documentId} of ${body.sender.member} here`,
        );
      }
      const entries = await this.documents.timelineEntries(tx, document.id, copy);
      if (entries.some((entry) => entry.messageId === body.id)) {
        // recorded before: its audit record (one per message) is written again below in case
        // the first attempt stopped before it
        return;
      }
      checkTransition({
        timeline: entries.map((entry) => entry.code),
        code: status.statusCode,
        party,
        ...(status.description ? { description: status.description } : {}),
      });
      await this.documents.addStatus(tx, {
        documentRef: document.id,
        recipientMember: copy,
        code: status.statusCode,
        description: status.description ?? null,
        reasonCode: body.payload.reasonCode ?? null,
        origin: 'remote',
        officerId: null,
        packageBytes: status.packageBytes,
        signature: status.signature,
        messageId: body.id,
      });
      await this.webhooks?.enqueue(tx, {
        topic: 'document.status',
        data: {
          kind: 'document.status',
          documentRef: document.id,
          documentId: status.documentId,
          direction: party === 'sender' ? 'incoming' : 'outgoing',
          member: body.sender.member,
          code: status.statusCode,
          ...(status.description ? { description: status.description } : {}),
          ...(body.payload.reasonCode ? { reasonCode: body.payload.reasonCode } : {}),
          messageId: body.id,
        },
      });
      const { reasonCode, deliveryId } = body.payload;
      if (status.statusCode === '02' && reasonCode && deliveryId) {
        // the recipient refused our document: shown on that delivery too
        const delivery = await this.documents.deliveryTo(tx, deliveryId, body.sender.member);
        if (delivery?.kind === 'edoc') {
          await this.documents.markDeliveryRefused(tx, deliveryId, {
            code: reasonCode,
            refusalMessageId: body.id,
          });
        }
      }
    });
    await this.audit.record(acceptedFacts(envelope));
  }

  /**
   * The document a recipient's status answering one of our deliveries (`deliveryId`: its 01, the
   * automatic 02 refusing it, the 15 answering a revocation) belongs to, locked: the document that
   * delivery carried to that recipient, or for a 15 the target of the revocation it carried; and
   * it must be the document the status names. A status answering a delivery we never made to that
   * member, or naming another document than the one the delivery carried, is bound to nothing
   * (DOCUMENT_STATUS_UNBOUND): found by its DocumentId alone, it would have changed the timeline of
   * a genuine document that its recipient never refused, and the two sides would disagree.
   */
  private async lockAnswered(
    tx: PersistenceContext,
    deliveryId: string,
    recipient: string,
    status: ReceivedStatus,
  ): Promise<Pick<DocumentRecord, 'id' | 'recipients'>> {
    const delivery = await this.documents.deliveryTo(tx, deliveryId, recipient);
    if (delivery?.kind !== 'edoc' || !delivery.documentRef) {
      throw new DocumentError(
        'DOCUMENT_STATUS_UNBOUND',
        `status ${status.statusCode} answers delivery ${deliveryId}, which this agency never sent to ${recipient}`,
      );
    }
    let document = await this.documents.lockDocument(tx, delivery.documentRef);
    if (
      document &&
      status.statusCode === '15' &&
      document.businessType === 'revoke' &&
      document.targetRef
    ) {
      document = await this.documents.lockDocument(tx, document.targetRef);
    }
    if (document?.direction !== 'outgoing' || document.documentId !== status.documentId) {
      throw new DocumentError(
        'DOCUMENT_STATUS_UNBOUND',
        `delivery ${deliveryId} did not carry document ${status.documentId} to ${recipient}`,
      );
    }
    return document;
  }
}

/** Either status payload: status:2, or the status:1 that carries an XMLDSig packet. */
type AnyStatusPayload = StatusPayload | StatusPayloadV1;

/** A verified status, whichever type carried it. */
interface ReceivedStatus {
  readonly documentId: string;
  readonly statusCode: EdxmlStatusCode;
  readonly description?: string;
  /** What the timeline keeps: the status:2 envelope body, or the status:1 XMLDSig packet. */
  readonly packageBytes: Buffer;
  /** The envelope's detached JWS over `packageBytes` (status:2); null for a status:1 packet. */
  readonly signature: string | null;
}

function partyOf(recipient: DocumentRecipient): Party {
  return { member: recipient.member, subsystem: recipient.subsystem };
}
