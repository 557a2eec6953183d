/** Message type of a document delivery on LT_DOCS (`schemas/documents/edoc/v1.schema.json`). */
export const EDOC_TYPE = 'urn:lienthong:documents:edoc:1';
/** Message type of a status delivery on LT_DOCS (`schemas/documents/status/v1.schema.json`). */
export const DOCUMENT_STATUS_TYPE = 'urn:lienthong:documents:status:1';
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

/** Payload of a status delivery. */
export interface StatusPayload {
  readonly documentId: string;
  readonly statusCode: '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';
  /** The signed Status packet, standard base64. */
  readonly package: string;
  readonly reasonCode?: string;
  readonly deliveryId?: string;
}
