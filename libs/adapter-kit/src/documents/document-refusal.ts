import { Inject, Injectable } from '@nestjs/common';
import { parseDocumentId } from '@lienthong/edxml';
import { peekUnverifiedBody, type VerifiedEnvelope } from '@lienthong/envelope';
import type { AppError } from '@lienthong/errors';
import type { DurableMessage } from '@lienthong/messaging';
import type { PersistenceContext } from '@lienthong/persistence';
import { metrics } from '@lienthong/telemetry';
import { DOCUMENT_AUDIT, type DocumentAudit } from './document-bus';
import { DocumentExchange } from './document-exchange';
import { DocumentOutbox } from './document-outbox';
import { DocumentRepository } from './document.repository';
import { DOCUMENT_STATUS_TYPE, STATUS_KIND, type StatusPayload } from './documents.constants';
import { quarantineEntry } from './quarantine';

/** The payload members a refusal reads from a verified document or status delivery. */
interface RefusedPayload {
  readonly documentId: string;
  readonly reasonCode?: string;
}

/**
 * What happens to a document or status delivery that failed a check: the raw message goes to
 * quarantine (never listed as a document), a signed 02 with the reason code is queued for the
 * sender in the same transaction when the envelope verified (nobody unverified can be addressed),
 * and the refusal is audited once. A redelivery of a refusal already recorded changes nothing.
 */
@Injectable()
export class DocumentRefusal {
  constructor(
    private readonly exchange: DocumentExchange,
    private readonly documents: DocumentRepository,
    private readonly outbox: DocumentOutbox,
    @Inject(DOCUMENT_AUDIT) private readonly audit: DocumentAudit,
  ) {}

  /**
   * Quarantines `message`, refused with `error`; `answer` says whether the verified sender gets a
   * signed 02 (an automatic refusal is never answered, so two adapters cannot answer each other
   * forever).
   */
  async refuse(
    message: DurableMessage,
    envelope: VerifiedEnvelope<RefusedPayload> | undefined,
    error: AppError,
    answer: boolean,
  ): Promise<void> {
    const logger = this.exchange.runtime.logger;
    logger.warn({ code: error.code, subject: message.subject }, 'document delivery quarantined');
    if (envelope) {
      const { sender, id } = envelope.body;
      if (await this.documents.isQuarantined({}, `${sender.member}/${sender.subsystem}`, id)) {
        return;
      }
    }
    await this.documents.transaction({}, async (tx) => {
      const statusSent = envelope && answer ? await this.answer(tx, envelope, error) : false;
      await this.documents.quarantine(tx, quarantineEntry(message, envelope, error, statusSent));
    });
    metrics.busRefusal(error.code);
    const body = envelope?.body ?? peekUnverifiedBody(message.data);
    await this.audit
      .record({
        body: body as Parameters<DocumentAudit['record']>[0]['body'],
        bytes: message.data,
        ...(envelope ? { signature: envelope.signature } : {}),
        verified: envelope !== undefined,
        outcome: { status: 'refused', code: error.code },
      })
      .catch((auditError: unknown) =>
        logger.error({ err: auditError }, 'document refusal could not be audited'),
      );
  }

  /** Queues a signed 02 with the reason, bound to the DocumentId the verified delivery named. */
  private async answer(
    tx: PersistenceContext,
    envelope: VerifiedEnvelope<RefusedPayload>,
    error: AppError,
  ): Promise<boolean> {
    const { body } = envelope;
    if (!parseDocumentId(body.payload.documentId)) {
      return false;
    }
    const payload: StatusPayload = {
      documentId: body.payload.documentId,
      statusCode: '02',
      description: `${error.code}: ${error.message}`.slice(0, 1000),
      reasonCode: error.code,
      deliveryId: body.id,
    };
    await this.outbox.enqueue(tx, {
      recipient: body.sender,
      kind: STATUS_KIND,
      type: DOCUMENT_STATUS_TYPE,
      payload,
      documentRef: null,
    });
    return true;
  }
}
