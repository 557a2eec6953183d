import { EdxmlError } from './edxml.errors';
import type {
  EdxmlDocument,
  EdxmlDocumentInput,
  EdxmlManifestEntry,
  EdxmlStatus,
  EdxmlStatusCode,
  EdxmlStatusInput,
} from './edxml.types';
import {
  integer,
  normaliseAgency,
  normaliseBusiness,
  normaliseResponseFor,
  normaliseTrace,
  prune,
  readHeader,
  text,
} from './edxml-header';
import { Issues, normaliseTimestamp } from './edxml-values';

/** A manifest entry as written in XML or computed by the builder, before validation. */
export interface ManifestEntryInput {
  readonly contentId?: string;
  readonly contentType: string;
  readonly attachmentName: string;
  readonly description?: string;
  readonly size: number | string;
  readonly sha256: string;
}

const CONTENT_ID = /^cid:[A-Za-z0-9._@-]{1,200}$/;
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/;

function normaliseManifestEntry(
  input: ManifestEntryInput,
  path: string,
  issues: Issues,
): EdxmlManifestEntry {
  const sha256 = (input.sha256 ?? '').trim();
  if (!SHA256_HEX.test(sha256)) {
    issues.add(`${path}.sha256`, 'is not a lowercase hex SHA-256 digest');
  }
  const contentId = text(input.contentId, `${path}.contentId`, issues) ?? `cid:${sha256}`;
  if (!CONTENT_ID.test(contentId)) {
    issues.add(`${path}.contentId`, `"${contentId}" is not cid:<token>`);
  }
  const contentType =
    text(input.contentType, `${path}.contentType`, issues, { required: true, max: 200 }) ?? '';
  if (contentType && !CONTENT_TYPE.test(contentType)) {
    issues.add(`${path}.contentType`, `"${contentType}" is not a media type`);
  }
  return prune({
    contentId,
    contentType,
    attachmentName:
      text(input.attachmentName, `${path}.attachmentName`, issues, { required: true, max: 255 }) ??
      '',
    description: text(input.description, `${path}.description`, issues, { max: 2000 }),
    size:
      integer(input.size, `${path}.size`, issues, { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0,
    sha256,
  });
}

/** Parts of a document package before validation (from builder input or from verified XML). */
export interface DocumentParts {
  readonly header: EdxmlDocumentInput['header'];
  readonly trace: EdxmlDocumentInput['trace'];
  readonly business?: EdxmlDocumentInput['business'];
  readonly manifest: readonly ManifestEntryInput[];
  readonly inlineContentIds: readonly string[];
}

/**
 * Validates a whole document package: header, trace, business block and manifest. Throws
 * EDXML_HEADER_INVALID listing every problem found.
 */
export function normaliseDocument(parts: DocumentParts): EdxmlDocument {
  const issues = new Issues();
  const header = readHeader(parts.header, issues);
  const manifest = parts.manifest.map((m, i) =>
    normaliseManifestEntry(m, `manifest[${i}]`, issues),
  );
  const ids = manifest.map((m) => m.contentId);
  ids
    .filter((id, i) => ids.indexOf(id) !== i)
    .forEach((id) => issues.add('manifest', `${id} is listed twice`));
  const document: EdxmlDocument = {
    kind: 'document',
    header,
    trace: normaliseTrace(parts.trace, header.from.organId, issues),
    business: normaliseBusiness(parts.business, issues),
    manifest,
    inlineContentIds: [...parts.inlineContentIds],
  };
  if (issues.list.length > 0) {
    throw new EdxmlError(
      'EDXML_HEADER_INVALID',
      `invalid edXML package: ${issues.list.join('; ')}`,
      {
        details: { issues: issues.list },
      },
    );
  }
  return document;
}

const STATUS_CODES: readonly string[] = ['01', '02', '03', '04', '05', '06', '13', '15', '16'];

/** Codes whose packet is meaningless without a reason (rejections). */
const REASON_REQUIRED: readonly string[] = ['02', '16'];

/**
 * Validates a Status packet: known code, the DocumentId it is bound to, the reporting agency,
 * and a reason for rejections. Throws EDXML_STATUS_INVALID listing every problem.
 */
export function normaliseStatus(input: EdxmlStatusInput): EdxmlStatus {
  const issues = new Issues();
  const statusCode = (input.statusCode ?? '').trim();
  if (!STATUS_CODES.includes(statusCode)) {
    issues.add('statusCode', `"${statusCode}" is not one of ${STATUS_CODES.join(', ')}`);
  }
  const staff = input.staff;
  const status: EdxmlStatus = prune({
    kind: 'status' as const,
    responseFor: normaliseResponseFor(input.responseFor ?? {}, 'responseFor', issues),
    from: normaliseAgency(input.from ?? {}, 'from', issues),
    statusCode: statusCode as EdxmlStatusCode,
    description: text(input.description, 'description', issues, {
      required: REASON_REQUIRED.includes(statusCode),
      max: 2000,
    }),
    timestamp: normaliseTimestamp(input.timestamp ?? '', 'timestamp', issues) ?? '',
    staff: staff
      ? prune({
          department: text(staff.department, 'staff.department', issues, { max: 200 }),
          staff: text(staff.staff, 'staff.staff', issues, { required: true, max: 200 }) ?? '',
          mobile: text(staff.mobile, 'staff.mobile', issues, { max: 50 }),
          email: text(staff.email, 'staff.email', issues, { max: 254 }),
        })
      : undefined,
  });
  if (issues.list.length > 0) {
    throw new EdxmlError(
      'EDXML_STATUS_INVALID',
      `invalid edXML status: ${issues.list.join('; ')}`,
      {
        details: { issues: issues.list },
      },
    );
  }
  return status;
}
