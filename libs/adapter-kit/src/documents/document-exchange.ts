import { Inject, Injectable } from '@nestjs/common';
import {
  ACCEPT_REDELIVERIES,
  EnvelopeVerifier,
  seal,
  type Party,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  documentSubject,
  publishDurable,
  streamName,
  type AttachmentPair,
  type HeaderRecord,
} from '@lienthong/messaging';
import { AttachmentStores } from './attachment-stores';
import { DOCUMENT_BUS, type DocumentBus } from './document-bus';
import { DocumentDirectory } from './document-directory';

/** A document or status message sealed for LT_DOCS, not yet published. */
export interface SealedDelivery {
  /** Envelope id = `Nats-Msg-Id`. */
  readonly id: string;
  readonly subject: string;
  readonly bytes: Buffer;
  /** The detached JWS over `bytes` (also in `headers`). */
  readonly signature: string;
  readonly headers: HeaderRecord;
  readonly expiresAt: Date;
}

/**
 * The bus side of the document exchange: the document verifier, the attachment object stores,
 * the sealing of document and status messages and durable publication on LT_DOCS. Replay
 * protection of documents is durable (unique delivery and message ids in the agency's tables), so
 * a redelivery after a failed attempt is recognised instead of being refused as a replay by an
 * in-memory cache.
 */
@Injectable()
export class DocumentExchange {
  readonly verifier: EnvelopeVerifier;

  constructor(@Inject(DOCUMENT_BUS) readonly runtime: DocumentBus) {
    this.verifier = new EnvelopeVerifier({
      trustStore: () => runtime.configuration.current().trustStore,
      schemas: runtime.schemas,
      replay: ACCEPT_REDELIVERIES,
    });
    this.attachments = new AttachmentStores(runtime, runtime.self.member);
  }

  /** The directory of the configuration in force (fails closed without one). */
  directory(): DocumentDirectory {
    return new DocumentDirectory(this.runtime.configuration.current());
  }

  /** Verifies a delivery's envelope: signed by a registered party, for us, of this type. */
  open<P>(
    data: Uint8Array,
    headers: HeaderRecord,
    type: string | string[],
    authorize: (sender: Party) => void,
  ): Promise<VerifiedEnvelope<P>> {
    return this.verifier.open<P>(data, headers[LT_SIGNATURE], {
      recipient: this.runtime.self,
      type,
      headers,
      authorize: (body) => authorize(body.sender),
    });
  }

  /** The stores of the pairs this agency sends and receives on (ADR 0019). */
  readonly attachments: AttachmentStores;

  /** Stores an attachment for `recipient` in the store of the pair (this agency → recipient). */
  putAttachment(recipient: string, sha256: string, bytes: Uint8Array): Promise<void> {
    return this.attachments.putAttachment(recipient, sha256, bytes);
  }

  /** The bytes under `sha256` in the store of `pair` (see {@link AttachmentStores.getAttachment}). */
  getAttachment(pair: AttachmentPair, sha256: string): Promise<Uint8Array> {
    return this.attachments.getAttachment(pair, sha256);
  }

  /**
   * Seals `payload` for `recipient`, to be stored on `lt.doc.<recipient>.<kind>`. Nothing is
   * published here: the document outbox publishes the sealed bytes after its transaction commits.
   */
  seal(input: {
    recipient: Party;
    kind: string;
    type: string;
    payload: unknown;
    correlationId?: string;
    causationId?: string;
  }): SealedDelivery {
    const { runtime } = this;
    const lifetimeMs = runtime.configuration.current().settings.maxLifetimeSeconds * 1000;
    const sealed = seal(
      {
        type: input.type,
        recipient: input.recipient,
        payload: input.payload,
        ...(input.correlationId ? { correlationId: input.correlationId } : {}),
        ...(input.causationId ? { causationId: input.causationId } : {}),
      },
      runtime.signer,
      // documents may wait in the stream while the recipient is down, up to the bus maximum
      { ttlMs: lifetimeMs },
    );
    return {
      id: sealed.body.id,
      subject: documentSubject(runtime.namespace, input.recipient.member, input.kind),
      bytes: sealed.bytes,
      signature: sealed.signature,
      headers: sealed.headers,
      expiresAt: new Date(sealed.body.expiresAt),
    };
  }

  /** Stores one sealed delivery on LT_DOCS and waits for the stream's acknowledgement. */
  async publish(
    delivery: Pick<SealedDelivery, 'id' | 'subject' | 'bytes' | 'headers'>,
    attempts?: number,
  ): Promise<void> {
    await publishDurable(
      this.runtime.jetstream,
      delivery.subject,
      { data: delivery.bytes, msgId: delivery.id, headers: delivery.headers },
      {
        expectStream: streamName(this.runtime.namespace, 'DOCS'),
        ...(attempts ? { attempts } : {}),
      },
    );
  }
}
