import type { EdocV1, StatusV1, StatusV2 } from '@lienthong/schema';

/** Message type of a document delivery on LT_DOCS (`schemas/documents/edoc/v1.schema.json`). */
export const EDOC_TYPE = 'urn:lienthong:documents:edoc:1';
/**
 * Message type of a status delivery on LT_DOCS (`schemas/documents/status/v2.schema.json`): the
 * status is signed by its envelope's JWS (docs/adr/0010-document-status-signed-by-envelope.md).
 */
export const DOCUMENT_STATUS_TYPE = 'urn:lienthong:documents:status:2';
/**
 * The first status type, still accepted: the payload carries an edXML Status packet signed with
 * XMLDSig (`schemas/documents/status/v1.schema.json`). Nothing here sends it any more.
 */
export const DOCUMENT_STATUS_V1_TYPE = 'urn:lienthong:documents:status:1';
/** Subject kind of documents: `lt.doc.<recipient>.edoc`. */
export const EDOC_KIND = 'edoc';
/** Subject kind of statuses: `lt.doc.<member>.status`. */
export const STATUS_KIND = 'status';
/** Injection token of the {@link DocumentsOptions} in force. */
export const DOCUMENTS_OPTIONS = Symbol('DOCUMENTS_OPTIONS');

/** Durable consumer of one agency system's document inbox on LT_DOCS. */
export function documentInboxName(member: string, subsystem: string): string {
  return `${member}_${subsystem}_docs`;
}

/** Payload of a document delivery (schemas/documents/edoc/v1). */
export type EdocPayload = EdocV1;

/** Payload of a status delivery (status:2); the envelope's signature covers every member. */
export type StatusPayload = StatusV2;

/** Payload of a status delivery of the first type (status:1): the signed edXML Status packet. */
export type StatusPayloadV1 = StatusV1;
/** The one route that takes a multipart body (the document and its files); all others take JSON. */
export const DOCUMENT_UPLOAD_ROUTE = 'POST /v1/documents';
