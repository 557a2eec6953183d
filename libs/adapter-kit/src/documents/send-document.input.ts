import type { BusinessDocType, EdxmlHeaderInput } from '@lienthong/edxml';
import type { SchemaRegistry, SchemaViolation } from '@lienthong/schema';
import { validateRequestBody } from '../core/request-body';
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

/** Schema of the `metadata` part of `POST /v1/documents` (`schemas/documents/send-metadata/v1`). */
export const SEND_METADATA_SCHEMA = 'urn:lienthong:documents:send-metadata:1';

function invalid(message: string, options?: ConstructorParameters<typeof DocumentError>[2]) {
  return new DocumentError('DOCUMENT_METADATA_INVALID', message, options);
}

/** The message of a schema violation, by the part of the metadata it is about. */
function violationMessage(violations: readonly SchemaViolation[]): string {
  const first = violations[0];
  const path = first?.instancePath ?? '';
  if (path.startsWith('/recipients')) {
    return 'recipients must be distinct member codes';
  }
  if (path.startsWith('/business')) {
    return 'business needs docType revoke|update|replace and the target documentId';
  }
  if (path === '/header' && (first?.keyword === 'not' || first?.keyword === 'propertyNames')) {
    return 'header.from, header.to and header.documentId are set by the adapter';
  }
  return 'metadata must be an object with a "header" object';
}

/**
 * Reads the metadata JSON of an upload. Only its shape is checked here; every header value is
 * validated and normalised by the edXML builder before anything is signed or stored.
 */
export function parseSendMetadata(schemas: SchemaRegistry, raw: unknown): SendDocumentMetadata {
  if (typeof raw !== 'string') {
    throw invalid('the multipart field "metadata" (JSON) is required');
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid('metadata is not JSON');
  }
  return validateRequestBody<SendDocumentMetadata>(
    schemas,
    SEND_METADATA_SCHEMA,
    value,
    (errors, cause) => invalid(violationMessage(errors), { cause, details: { errors } }),
  );
}
