import type { BusinessDocType, EdxmlHeaderInput } from '@lienthong/edxml';
import { DocumentError } from './documents.errors';

/** One uploaded file as multer hands it over (memory storage). */
export interface UploadedDocumentFile {
  readonly originalname: string;
  readonly mimetype: string;
  readonly size: number;
  readonly buffer: Buffer;
}

/** The `metadata` part of `POST /v1/documents`: the header, minus what the adapter fills in. */
export interface SendDocumentMetadata {
  /** Member codes of the recipients; optional for revoke (then the revoked document's). */
  readonly recipients: readonly string[];
  readonly header: Omit<EdxmlHeaderInput, 'from' | 'to' | 'documentId'>;
  readonly business?: {
    readonly docType: Exclude<BusinessDocType, 'new'>;
    /** edXML DocumentId of the document this agency sent that is revoked, updated or replaced. */
    readonly documentId: string;
    readonly reason?: string;
    readonly paper?: boolean;
  };
  readonly paper?: boolean;
}

const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;
const DOC_TYPES = new Set(['revoke', 'update', 'replace']);

function invalid(message: string): DocumentError {
  return new DocumentError('DOCUMENT_METADATA_INVALID', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the metadata JSON of an upload. Only its shape is checked here; every header value is
 * validated and normalised by the edXML builder before anything is signed or stored.
 */
export function parseSendMetadata(raw: unknown): SendDocumentMetadata {
  if (typeof raw !== 'string') {
    throw invalid('the multipart field "metadata" (JSON) is required');
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid('metadata is not JSON');
  }
  if (!isObject(value) || !isObject(value['header'])) {
    throw invalid('metadata must be an object with a "header" object');
  }
  const recipients = value['recipients'] ?? [];
  if (
    !Array.isArray(recipients) ||
    recipients.length > 64 ||
    !recipients.every((r) => typeof r === 'string' && MEMBER.test(r)) ||
    new Set(recipients).size !== recipients.length
  ) {
    throw invalid('recipients must be distinct member codes');
  }
  const business = value['business'];
  if (business !== undefined) {
    if (
      !isObject(business) ||
      !DOC_TYPES.has(business['docType'] as string) ||
      typeof business['documentId'] !== 'string'
    ) {
      throw invalid('business needs docType revoke|update|replace and the target documentId');
    }
  }
  const header = value['header'];
  for (const forbidden of ['from', 'to', 'documentId']) {
    if (forbidden in header) {
      throw invalid(`header.${forbidden} is set by the adapter`);
    }
  }
  return value as unknown as SendDocumentMetadata;
}
