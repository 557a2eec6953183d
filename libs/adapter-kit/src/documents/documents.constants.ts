import type { EdxmlStatusCode } from '@lienthong/edxml';

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

/** Payload of a document delivery. */
export interface EdocPayload {
  readonly documentId: string;
  readonly businessType: 'new' | 'revoke' | 'update' | 'replace';
  /** The signed package, standard base64. */
  readonly package: string;
  readonly attachments: readonly { readonly sha256: string; readonly size: number }[];
}

/** Who set a status (edXML StaffInfo). */
export interface StatusStaff {
  readonly staff: string;
  readonly department?: string;
}

/** Payload of a status delivery (status:2); the envelope's signature covers every member. */
export interface StatusPayload {
  readonly documentId: string;
  readonly statusCode: EdxmlStatusCode;
  /** The reason: required for 02 and 16. */
  readonly description?: string;
  readonly staff?: StatusStaff;
  readonly reasonCode?: string;
  readonly deliveryId?: string;
  /** On the answer to a resend (`deliveryId`): the delivery that brought the copy held. */
  readonly resendOf?: string;
}

/** Payload of a status delivery of the first type (status:1). */
export interface StatusPayloadV1 {
  readonly documentId: string;
  readonly statusCode: EdxmlStatusCode;
  /** The edXML Status packet signed with XMLDSig, standard base64. */
  readonly package: string;
  readonly reasonCode?: string;
  readonly deliveryId?: string;
}
/** The one route that takes a multipart body (the document and its files); all others take JSON. */
export const DOCUMENT_UPLOAD_ROUTE = 'POST /v1/documents';
