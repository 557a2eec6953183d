import { Inject, Injectable } from '@nestjs/common';
import type { ObjectStore } from '@nats-io/obj';
import {
  ACCEPT_REDELIVERIES,
  EnvelopeVerifier,
  seal,
  type Party,
  type VerifiedEnvelope,
} from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  attachmentStore,
  documentSubject,
  openAttachmentStore,
  publishDurable,
  streamName,
  type HeaderRecord,
  type JetStreamManager,
} from '@lienthong/messaging';
import { DOCUMENT_BUS, type DocumentBus } from './document-bus';
import { DocumentDirectory } from './document-directory';
import { DocumentError } from './documents.errors';

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
 * The bus side of the document exchange: the document verifier, the attachment object store,
 * the sealing of document and status messages and durable publication on LT_DOCS. Replay
 * protection of documents is durable (unique delivery and message ids in the agency's tables), so
 * a redelivery after a failed attempt is recognised instead of being refused as a replay by an
 * in-memory cache.
 */
@Injectable()
export class DocumentExchange {
  readonly verifier: EnvelopeVerifier;
  private store?: Promise<ObjectStore>;
  private jsm?: Promise<JetStreamManager>;

  constructor(@Inject(DOCUMENT_BUS) readonly runtime: DocumentBus) {
    this.verifier = new EnvelopeVerifier({
      trustStore: () => runtime.configuration.current().trustStore,
      schemas: runtime.schemas,
      replay: ACCEPT_REDELIVERIES,
    });
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

  private attachments(): Promise<ObjectStore> {
    // opened once; the launcher or operator creates the bucket, adapters only use it
    this.store ??= openAttachmentStore(this.runtime.jetstream, this.runtime.namespace).catch(
      (error: unknown) => {
        this.store = undefined;
        throw error;
      },
    );
    return this.store;
  }

  /** Stores an attachment under its SHA-256 unless an object of that name and size exists. */
  async putAttachment(sha256: string, bytes: Uint8Array): Promise<void> {
    const store = await this.attachments();
    const existing = await store.info(sha256);
    if (existing && !existing.deleted && existing.size === bytes.byteLength) {
      return;
    }
    await store.putBlob({ name: sha256 }, bytes);
  }

  /**
   * The bytes stored under `sha256`; DOCUMENT_ATTACHMENT_MISSING when there are none. Callers
   * check them against the signed manifest (digest and size), which is what makes them trusted.
   *
   * An object of one chunk (every attachment up to the store's 128 KiB chunk size) is read with
   * one direct get of that chunk (`$JS.API.DIRECT.GET.OBJ_<bucket>.<chunk subject>`), after the
   * object's metadata: two requests. The object store's
   * own reader creates a push consumer for the chunks and removes it again, which costs this
   * adapter and nats-server several round trips more per attachment. The layout read here is the
   * NATS object store's (ADR-20: metadata on `$O.<bucket>.M.<name>`, chunks on
   * `$O.<bucket>.C.<nuid>` of stream `OBJ_<bucket>`); anything else (several chunks, a link, a
   * chunk gone because the object was just replaced) goes through the store's reader.
   */
  async getAttachment(sha256: string): Promise<Uint8Array> {
    const store = await this.attachments();
    const info = await store.info(sha256);
    if (info && !info.deleted && info.chunks === 1 && !info.options?.link) {
      const bucket = attachmentStore(this.runtime.namespace);
      // a direct get (the bucket allows it): the raw chunk, not base64 inside a JSON answer
      const chunk = await (
        await this.manager()
      ).direct.getMessage(`OBJ_${bucket}`, { last_by_subj: `$O.${bucket}.C.${info.nuid}` });
      if (chunk && chunk.data.byteLength === info.size) {
        return chunk.data;
      }
    }
    const bytes = info && !info.deleted ? await store.getBlob(sha256) : null;
    if (!bytes) {
      throw new DocumentError(
        'DOCUMENT_ATTACHMENT_MISSING',
        `attachment ${sha256} is not in the object store`,
        { details: { sha256 } },
      );
    }
    return bytes;
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= this.runtime.jetstream.jetstreamManager().catch((error: unknown) => {
      this.jsm = undefined;
      throw error;
    });
    return this.jsm;
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
