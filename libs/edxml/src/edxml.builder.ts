import { createHash } from 'node:crypto';
import { EDXML_NS, LIENTHONG_EDXML_NS } from './edxml.constants';
import type {
  EdxmlAgency,
  EdxmlAttachmentInput,
  EdxmlDocument,
  EdxmlDocumentInput,
  EdxmlHeader,
  EdxmlResponseFor,
  EdxmlStatus,
  EdxmlStatusInput,
} from './edxml.types';
import { normaliseDocument, normaliseStatus, type ManifestEntryInput } from './edxml-document';
import { toEdxmlDate, toEdxmlTimestamp } from './edxml-values';
import { el, opt, writeXml, type XmlElement, type XmlNode } from './xml-writer';

const q = (name: string): string => `edXML:${name}`;
const lt = (name: string): string => `lt:${name}`;

/** Wire value of each business doc type (`BussinessDocType`). */
export const BUSINESS_DOC_TYPE_CODES = {
  new: '0',
  revoke: '1',
  update: '2',
  replace: '3',
} as const;

function agencyXml(name: string, a: EdxmlAgency): XmlElement | undefined {
  return el(q(name), [
    el(q('OrganId'), a.organId, a.scheme === 'qcvn102' ? undefined : { 'lt:scheme': a.scheme }),
    opt(q('OrganizationInCharge'), a.organizationInCharge),
    el(q('OrganName'), a.organName),
    opt(q('OrganAdd'), a.organAdd),
    opt(q('Email'), a.email),
    opt(q('Telephone'), a.telephone),
    opt(q('Fax'), a.fax),
    opt(q('Website'), a.website),
  ]);
}

function responseForXml(r: EdxmlResponseFor): XmlElement | undefined {
  return el(q('ResponseFor'), [
    el(q('OrganId'), r.organId),
    el(q('Code'), r.code),
    el(q('PromulgationDate'), toEdxmlDate(r.promulgationDate)),
    el(q('DocumentId'), r.documentId),
  ]);
}

function messageHeaderXml(h: EdxmlHeader): XmlElement | undefined {
  const o = h.otherInfo;
  return el(q('MessageHeader'), [
    agencyXml('From', h.from),
    ...h.to.map((to) => agencyXml('To', to)),
    el(q('Code'), [el(q('CodeNumber'), h.code.number), el(q('CodeNotation'), h.code.notation)]),
    el(q('PromulgationInfo'), [
      el(q('Place'), h.promulgation.place),
      el(q('PromulgationDate'), toEdxmlDate(h.promulgation.date)),
    ]),
    el(q('DocumentType'), [
      el(q('Type'), h.documentType.type),
      opt(q('TypeDetail'), h.documentType.typeDetail),
      el(q('TypeName'), h.documentType.typeName),
    ]),
    el(q('Subject'), h.subject),
    opt(q('Content'), h.content),
    el(q('SignerInfo'), [
      opt(q('Competence'), h.signer.competence),
      opt(q('Position'), h.signer.position),
      el(q('FullName'), h.signer.fullName),
    ]),
    opt(q('DueDate'), h.dueDate === undefined ? undefined : toEdxmlDate(h.dueDate)),
    el(
      q('ToPlaces'),
      h.toPlaces.map((p) => el(q('Place'), p)),
    ),
    el(q('OtherInfo'), [
      el(q('Priority'), String(h.priority)),
      opt(q('SphereOfPromulgation'), o.sphereOfPromulgation),
      opt(q('TyperNotation'), o.typerNotation),
      opt(q('PromulgationAmount'), o.promulgationAmount),
      opt(q('PageAmount'), o.pageAmount),
      el(
        q('Appendixes'),
        o.appendixes.map((a) => el(q('Appendix'), a)),
      ),
    ]),
    ...h.responseFor.map(responseForXml),
    el(q('SteeringType'), String(h.steeringType)),
    el(q('DocumentId'), h.documentId),
  ]);
}

function traceHeaderListXml(d: EdxmlDocument): XmlElement | undefined {
  const b = d.business;
  return el(q('TraceHeaderList'), [
    ...d.trace.map((hop) =>
      el(q('TraceHeader'), [
        el(q('OrganId'), hop.organId),
        el(q('Timestamp'), toEdxmlTimestamp(hop.timestamp)),
      ]),
    ),
    el(q('Bussiness'), [
      el(q('BussinessDocType'), BUSINESS_DOC_TYPE_CODES[b.docType]),
      opt(q('BussinessDocReason'), b.reason),
      opt(q('DocumentId'), b.documentId),
      el(q('Paper'), b.paper ? '1' : '0'),
      b.replacements.length === 0
        ? undefined
        : el(
            q('ReplacementInfoList'),
            b.replacements.map((r) =>
              el(q('ReplacementInfo'), [
                el(q('DocumentId'), r.documentId),
                el(
                  q('OrganIdList'),
                  r.organIds.map((id) => el(q('OrganId'), id)),
                ),
              ]),
            ),
          ),
    ]),
  ]);
}

function manifestXml(d: EdxmlDocument): XmlElement | undefined {
  return el(
    q('edXMLManifest'),
    d.manifest.map((m) =>
      el(q('Reference'), [
        el(q('ContentId'), m.contentId),
        el(q('ContentType'), m.contentType),
        opt(q('Description'), m.description),
        el(q('AttachmentName'), m.attachmentName),
        el(lt('Size'), String(m.size)),
        el(lt('Digest'), m.sha256, { Algorithm: 'sha256' }),
      ]),
    ),
    { version: '1.0' },
  );
}

/** The document element with the two namespace declarations every package carries. */
function rootXml(children: readonly XmlNode[]): string {
  const root = el(q('edXML'), children, {
    'xmlns:edXML': EDXML_NS,
    'xmlns:lt': LIENTHONG_EDXML_NS,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeXml(root)}`;
}

function manifestInput(a: EdxmlAttachmentInput): ManifestEntryInput {
  const digest =
    'bytes' in a
      ? { sha256: createHash('sha256').update(a.bytes).digest('hex'), size: a.bytes.byteLength }
      : { sha256: a.sha256, size: a.size };
  return { ...a, ...digest };
}

/** Options of {@link writeDocument}. */
export interface WriteDocumentOptions {
  /**
   * SHA-256 (hex) of the signer's certificate: written as `lt:SigningCertificate`, the last child
   * of edXMLHeader, exactly where `signEdxml` puts it before signing.
   */
  readonly signingCertificateSha256?: string;
}

/**
 * Validates and writes a document package; returns the XML and the validated model it was
 * written from (the model a reader of that XML gets back: see the builder's round-trip tests).
 */
export function writeDocument(
  input: EdxmlDocumentInput,
  options: WriteDocumentOptions = {},
): { readonly xml: string; readonly document: EdxmlDocument } {
  const attachments = input.attachments ?? [];
  const inline = attachments.filter(
    (a): a is Extract<EdxmlAttachmentInput, { bytes: Uint8Array }> =>
      'bytes' in a && a.inline === true,
  );
  // the content id defaults to cid:<sha256>, so both are known before validation
  const manifest = attachments.map(manifestInput);
  const contentIdOf = (a: EdxmlAttachmentInput): string =>
    manifest[attachments.indexOf(a)]?.contentId ??
    `cid:${manifest[attachments.indexOf(a)]?.sha256}`;
  const document = normaliseDocument({
    header: input.header,
    trace: input.trace,
    business: input.business,
    manifest,
    inlineContentIds: inline.map(contentIdOf),
  });
  const encoded = inline.map((a, i) =>
    el(q('Attachment'), [
      el(q('ContentId'), document.inlineContentIds[i]),
      el(q('AttachmentName'), a.attachmentName),
      el(q('ContentType'), a.contentType),
      el(q('ContentTransferEncoded'), Buffer.from(a.bytes).toString('base64')),
    ]),
  );
  const pin = options.signingCertificateSha256;
  const xml = rootXml([
    el(q('edXMLEnvelope'), [
      el(q('edXMLHeader'), [
        messageHeaderXml(document.header),
        traceHeaderListXml(document),
        pin === undefined ? undefined : el(lt('SigningCertificate'), pin, { Algorithm: 'sha256' }),
      ]),
      el(q('edXMLBody'), manifestXml(document)),
    ]),
    encoded.length === 0 ? undefined : el(q('AttachmentEncoded'), encoded),
  ]);
  return { xml, document };
}

/**
 * Builds an unsigned edXML package (QCVN 102 layout plus the bus's digest extension). The whole
 * input is validated first and refused with EDXML_HEADER_INVALID listing every problem; nothing
 * is written for an invalid document. Sign the result with `signEdxml`.
 */
export function buildEdxml(input: EdxmlDocumentInput): string {
  return writeDocument(input).xml;
}

function statusXml(s: EdxmlStatus): XmlElement | undefined {
  return el(q('Status'), [
    responseForXml(s.responseFor),
    agencyXml('From', s.from),
    el(q('StatusCode'), s.statusCode),
    opt(q('Description'), s.description),
    el(q('Timestamp'), toEdxmlTimestamp(s.timestamp)),
    s.staff === undefined
      ? undefined
      : el(q('StaffInfo'), [
          opt(q('Department'), s.staff.department),
          el(q('Staff'), s.staff.staff),
          opt(q('Mobile'), s.staff.mobile),
          opt(q('Email'), s.staff.email),
        ]),
  ]);
}

/**
 * Builds an unsigned Status packet (business status 01..16) bound to the DocumentId it reports
 * on. Refused with EDXML_STATUS_INVALID when incomplete (e.g. a rejection without its reason).
 */
export function buildStatus(input: EdxmlStatusInput): string {
  const status = normaliseStatus(input);
  return rootXml([el(q('edXMLEnvelope'), [el(q('edXMLHeader'), statusXml(status))])]);
}
