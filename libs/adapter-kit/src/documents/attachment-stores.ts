import type { ObjectStore } from '@nats-io/obj';
import {
  attachmentStore,
  openAttachmentStore,
  type AttachmentPair,
  type BusNamespace,
  type JetStreamClient,
  type JetStreamManager,
} from '@lienthong/messaging';
import { DocumentError } from './documents.errors';

/**
 * The attachment object stores of one agency as its NATS user sees them (ADR 0019): one store per
 * ordered pair of agencies, the ones it sends on written and read, the ones it receives on read
 * only; every other pair's store is closed to it by the server's permissions.
 */
export class AttachmentStores {
  private readonly stores = new Map<string, Promise<ObjectStore>>();
  private jsm?: Promise<JetStreamManager>;

  constructor(
    /** The agency's bus: its JetStream client is read when first needed (after the bus started). */
    private readonly bus: { readonly jetstream: JetStreamClient; readonly namespace: BusNamespace },
    /** The member this agency is: the sender of what it puts. */
    private readonly self: string,
  ) {}

  private get namespace(): BusNamespace {
    return this.bus.namespace;
  }

  /** The object store of one pair, opened once (the operator creates it, adapters only use it). */
  private attachments(pair: AttachmentPair): Promise<ObjectStore> {
    const bucket = attachmentStore(this.namespace, pair);
    let store = this.stores.get(bucket);
    if (!store) {
      store = openAttachmentStore(this.bus.jetstream, this.namespace, pair).catch(
        (error: unknown) => {
          this.stores.delete(bucket);
          throw error;
        },
      );
      this.stores.set(bucket, store);
    }
    return store;
  }

  /**
   * Stores an attachment under its SHA-256 in the store of the pair (this member → `recipient`)
   * unless an object of that name and size is there already. A document to several recipients puts
   * one copy in each pair's store: no recipient can read another pair's (ADR 0019).
   */
  async putAttachment(recipient: string, sha256: string, bytes: Uint8Array): Promise<void> {
    const store = await this.attachments({ sender: this.self, recipient });
    const existing = await store.info(sha256);
    if (existing && !existing.deleted && existing.size === bytes.byteLength) {
      return;
    }
    await store.putBlob({ name: sha256 }, bytes);
  }

  /**
   * The bytes stored under `sha256` in the store of `pair` (of which this member is one party);
   * DOCUMENT_ATTACHMENT_MISSING when there are none. Callers check them against the signed manifest
   * (digest and size), which is what makes them trusted.
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
  async getAttachment(pair: AttachmentPair, sha256: string): Promise<Uint8Array> {
    const store = await this.attachments(pair);
    const info = await store.info(sha256);
    if (info && !info.deleted && info.chunks === 1 && !info.options?.link) {
      const bucket = attachmentStore(this.namespace, pair);
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
        `attachment ${sha256} is not in the object store of ${pair.sender} to ${pair.recipient}`,
        { details: { sha256 } },
      );
    }
    return bytes;
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= this.bus.jetstream.jetstreamManager().catch((error: unknown) => {
      this.jsm = undefined;
      throw error;
    });
    return this.jsm;
  }
}
