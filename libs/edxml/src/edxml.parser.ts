import { createHash } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { EDXML_NS, LIENTHONG_EDXML_NS } from './edxml.constants';
import { EdxmlError } from './edxml.errors';
import type {
  BusinessDocType,
  EdxmlAgencyInput,
  EdxmlDocument,
  EdxmlHeaderInput,
  EdxmlPackage,
  EdxmlStatusInput,
} from './edxml.types';
import { normaliseDocument, normaliseStatus, type ManifestEntryInput } from './edxml-document';
import { childElements, parseStrict, screenEdxml, type EdxmlLimits } from './xml-dom';

/** Reads the children of one edXML element by local name, failing on ambiguity. */
class Reader {
  constructor(
    readonly element: Element,
    readonly path: string,
    private readonly fail: (message: string) => never,
  ) {}

  all(name: string, ns = EDXML_NS): Reader[] {
    return childElements(this.element, ns, name).map(
      (e, i) => new Reader(e, `${this.path}/${name}[${i}]`, this.fail),
    );
  }

  maybe(name: string, ns = EDXML_NS): Reader | undefined {
    const found = this.all(name, ns);
    if (found.length > 1) {
      this.fail(`${this.path}/${name} appears ${found.length} times`);
    }
    return found[0];
  }

  one(name: string, ns = EDXML_NS): Reader {
    return this.maybe(name, ns) ?? this.fail(`${this.path}/${name} is missing`);
  }

  /** Text of a leaf; a leaf holding elements is refused rather than flattened. */
  text(): string {
    if (childElements(this.element).length > 0) {
      this.fail(`${this.path} must hold text only`);
    }
    return this.element.textContent ?? '';
  }

  value(name: string, ns = EDXML_NS): string | undefined {
    return this.maybe(name, ns)?.text();
  }

  texts(name: string): string[] {
    return this.all(name).map((r) => r.text());
  }
}

function failWith(code: 'EDXML_HEADER_INVALID' | 'EDXML_STATUS_INVALID') {
  return (message: string): never => {
    throw new EdxmlError(code, `invalid edXML package: ${message}`, {
      details: { issues: [message] },
    });
  };
}

function agency(r: Reader): EdxmlAgencyInput {
  const organId = r.one('OrganId');
  const scheme = organId.element.getAttributeNS(LIENTHONG_EDXML_NS, 'scheme');
  return {
    organId: organId.text(),
    ...(scheme ? { scheme: scheme as EdxmlAgencyInput['scheme'] } : {}),
    organName: r.value('OrganName') ?? '',
    organizationInCharge: r.value('OrganizationInCharge'),
    organAdd: r.value('OrganAdd'),
    email: r.value('Email'),
    telephone: r.value('Telephone'),
    fax: r.value('Fax'),
    website: r.value('Website'),
  };
}

function responseFor(r: Reader) {
  return {
    organId: r.value('OrganId') ?? '',
    code: r.value('Code') ?? '',
    promulgationDate: r.value('PromulgationDate') ?? '',
    documentId: r.value('DocumentId') ?? '',
  };
}

function messageHeader(m: Reader): EdxmlHeaderInput {
  const code = m.one('Code');
  const info = m.one('PromulgationInfo');
  const type = m.one('DocumentType');
  const signer = m.one('SignerInfo');
  const other = m.maybe('OtherInfo');
  return {
    from: agency(m.one('From')),
    to: m.all('To').map(agency),
    code: { number: code.value('CodeNumber') ?? '', notation: code.value('CodeNotation') ?? '' },
    promulgation: { place: info.value('Place') ?? '', date: info.value('PromulgationDate') ?? '' },
    documentType: {
      type: type.value('Type') ?? '',
      typeDetail: type.value('TypeDetail'),
      typeName: type.value('TypeName') ?? '',
    },
    subject: m.value('Subject') ?? '',
    content: m.value('Content'),
    signer: {
      competence: signer.value('Competence'),
      position: signer.value('Position'),
      fullName: signer.value('FullName') ?? '',
    },
    dueDate: m.value('DueDate'),
    toPlaces: m.maybe('ToPlaces')?.texts('Place') ?? [],
    priority: other?.value('Priority'),
    otherInfo: {
      sphereOfPromulgation: other?.value('SphereOfPromulgation'),
      typerNotation: other?.value('TyperNotation'),
      promulgationAmount: other?.value('PromulgationAmount'),
      pageAmount: other?.value('PageAmount'),
      appendixes: other?.maybe('Appendixes')?.texts('Appendix') ?? [],
    },
    responseFor: m.all('ResponseFor').map(responseFor),
    steeringType: m.value('SteeringType'),
    documentId: m.value('DocumentId') ?? '',
  };
}

const DOC_TYPE_BY_CODE: Record<string, BusinessDocType> = {
  '0': 'new',
  '1': 'revoke',
  '2': 'update',
  '3': 'replace',
};

function business(b: Reader | undefined) {
  if (!b) {
    return undefined;
  }
  const code = b.value('BussinessDocType') ?? '0';
  return {
    docType: DOC_TYPE_BY_CODE[code.trim()] ?? (code as BusinessDocType),
    reason: b.value('BussinessDocReason'),
    documentId: b.value('DocumentId'),
    paper: (b.value('Paper') ?? '0').trim() === '1',
    replacements: (b.maybe('ReplacementInfoList')?.all('ReplacementInfo') ?? []).map((r) => ({
      documentId: r.value('DocumentId') ?? '',
      organIds: r.maybe('OrganIdList')?.texts('OrganId') ?? [],
    })),
  };
}

function manifest(body: Reader | undefined): ManifestEntryInput[] {
  const list = body?.maybe('edXMLManifest')?.all('Reference') ?? [];
  return list.map((r) => ({
    contentId: r.value('ContentId'),
    contentType: r.value('ContentType') ?? '',
    description: r.value('Description'),
    attachmentName: r.value('AttachmentName') ?? '',
    size: r.value('Size', LIENTHONG_EDXML_NS) ?? '',
    sha256: r.value('Digest', LIENTHONG_EDXML_NS) ?? '',
  }));
}

/** Checks inline attachments against the manifest; returns their content ids. */
function checkInline(encoded: Reader | undefined, entries: ManifestEntryInput[]): string[] {
  return (encoded?.all('Attachment') ?? []).map((a) => {
    const contentId = a.value('ContentId') ?? '';
    const entry = entries.find((m) => m.contentId === contentId);
    if (!entry) {
      throw new EdxmlError(
        'EDXML_ATTACHMENT_UNLISTED',
        `inline attachment ${contentId} is not in the manifest`,
      );
    }
    const base64 = (a.value('ContentTransferEncoded') ?? '').replace(/\s+/g, '');
    const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(base64) ? Buffer.from(base64, 'base64') : undefined;
    const sha256 = bytes && createHash('sha256').update(bytes).digest('hex');
    if (!bytes || sha256 !== entry.sha256 || bytes.byteLength !== Number(entry.size)) {
      throw new EdxmlError(
        'EDXML_ATTACHMENT_DIGEST_MISMATCH',
        `inline attachment ${contentId} does not match its digest`,
        {
          details: { contentId },
        },
      );
    }
    return contentId;
  });
}

function documentPackage(root: Reader, header: Reader, message: Reader): EdxmlDocument {
  const trace = header.one('TraceHeaderList');
  const entries = manifest(root.one('edXMLEnvelope').maybe('edXMLBody'));
  const parts = {
    header: messageHeader(message),
    trace: trace
      .all('TraceHeader')
      .map((t) => ({ organId: t.value('OrganId') ?? '', timestamp: t.value('Timestamp') ?? '' })),
    business: business(trace.maybe('Bussiness')),
    manifest: entries,
  };
  // validate metadata first: the digests are only meaningful once the manifest itself is sound
  normaliseDocument({ ...parts, inlineContentIds: [] });
  return normaliseDocument({
    ...parts,
    inlineContentIds: checkInline(root.maybe('AttachmentEncoded'), entries),
  });
}

function statusPackage(status: Reader): EdxmlStatusInput {
  const staff = status.maybe('StaffInfo');
  return {
    responseFor: responseFor(status.one('ResponseFor')),
    from: agency(status.one('From')),
    statusCode: status.value('StatusCode') ?? '',
    description: status.value('Description'),
    timestamp: status.value('Timestamp') ?? '',
    staff: staff && {
      department: staff.value('Department'),
      staff: staff.value('Staff') ?? '',
      mobile: staff.value('Mobile'),
      email: staff.value('Email'),
    },
  };
}

/** The `edXMLHeader` of a package whose document element is `edXML:edXML`. */
export function headerElement(doc: Document): Element {
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== EDXML_NS || root.localName !== 'edXML') {
    throw new EdxmlError('EDXML_ROOT_INVALID', `document element is not {${EDXML_NS}}edXML`);
  }
  return new Reader(root, '/edXML', failWith('EDXML_HEADER_INVALID'))
    .one('edXMLEnvelope')
    .one('edXMLHeader').element;
}

/**
 * Reads a package from a parsed DOM into the validated model: a Status packet when the header
 * holds `Status`, an official document otherwise. Callers pass only verified content.
 */
export function readPackage(doc: Document): EdxmlPackage {
  const header = headerElement(doc);
  const root = new Reader(doc.documentElement!, '/edXML', failWith('EDXML_HEADER_INVALID'));
  const headerReader = root.one('edXMLEnvelope').one('edXMLHeader');
  const status = new Reader(header, headerReader.path, failWith('EDXML_STATUS_INVALID')).maybe(
    'Status',
  );
  if (status) {
    return normaliseStatus(statusPackage(status));
  }
  return documentPackage(root, headerReader, headerReader.one('MessageHeader'));
}

/**
 * Parses a package WITHOUT verifying its signature: for packages we build ourselves and for
 * diagnostics. The same byte screening and strict parser apply. Never act on a received package
 * through this function; use `verifyEdxml`, which reads only the signed content.
 */
export function parseEdxmlHeader(xml: Uint8Array | string, limits?: EdxmlLimits): EdxmlPackage {
  return readPackage(parseStrict(screenEdxml(xml, limits)));
}
