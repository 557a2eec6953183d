import { EdxmlError } from './edxml.errors';
import type {
  EdxmlAgency,
  EdxmlAgencyInput,
  EdxmlBusiness,
  EdxmlBusinessInput,
  EdxmlDocumentInput,
  EdxmlHeader,
  EdxmlHeaderInput,
  EdxmlResponseFor,
  EdxmlTraceHop,
  EdxmlPriority,
  SteeringType,
} from './edxml.types';
import {
  CODE_NOTATION,
  CODE_NUMBER,
  Issues,
  documentIdOf,
  isAnyOrganId,
  isOrganId,
  normaliseDate,
  normaliseTimestamp,
  parseDocumentId,
  toScheme,
} from './edxml-values';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Trims a text field and checks presence and length; undefined when absent or empty. */
export function text(
  value: string | undefined,
  path: string,
  issues: Issues,
  rule: { required?: boolean; max?: number } = {},
): string | undefined {
  const trimmed = value?.normalize('NFC').trim();
  if (!trimmed) {
    if (rule.required) {
      issues.add(path, 'is required');
    }
    return undefined;
  }
  if (trimmed.length > (rule.max ?? 1000)) {
    issues.add(path, `is longer than ${rule.max ?? 1000} characters`);
  }
  return trimmed;
}

/** Parses a small integer within [min, max]. */
export function integer(
  value: number | string | undefined,
  path: string,
  issues: Issues,
  range: { min: number; max: number; fallback?: number },
): number | undefined {
  if (value === undefined || value === '') {
    return range.fallback;
  }
  const n =
    typeof value === 'number' ? value : /^\d{1,9}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    issues.add(path, `"${String(value)}" is not an integer in ${range.min}..${range.max}`);
    return range.fallback;
  }
  return n;
}

/** Validates one agency (`From`, `To`); the identifier must match its scheme. */
export function normaliseAgency(
  input: EdxmlAgencyInput,
  path: string,
  issues: Issues,
): EdxmlAgency {
  const scheme = toScheme(input.scheme);
  const organId = text(input.organId, `${path}.organId`, issues, { required: true, max: 35 }) ?? '';
  if (!scheme) {
    issues.add(`${path}.scheme`, `"${String(input.scheme)}" is not qcvn102, qd20 or msdn`);
  } else if (organId && !isOrganId(organId, scheme)) {
    issues.add(`${path}.organId`, `"${organId}" is not a ${scheme} identifier`);
  }
  const email = text(input.email, `${path}.email`, issues, { max: 254 });
  if (email && !EMAIL.test(email)) {
    issues.add(`${path}.email`, `"${email}" is not an e-mail address`);
  }
  return prune({
    organId,
    scheme: scheme ?? 'qcvn102',
    organName:
      text(input.organName, `${path}.organName`, issues, { required: true, max: 500 }) ?? '',
    organizationInCharge: text(input.organizationInCharge, `${path}.organizationInCharge`, issues),
    organAdd: text(input.organAdd, `${path}.organAdd`, issues),
    email,
    telephone: text(input.telephone, `${path}.telephone`, issues, { max: 50 }),
    fax: text(input.fax, `${path}.fax`, issues, { max: 50 }),
    website: text(input.website, `${path}.website`, issues, { max: 500 }),
  });
}

/** Drops undefined properties so parsed and built objects compare equal. */
export function prune<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Validates a `ResponseFor` reference; its DocumentId must be well formed. */
export function normaliseResponseFor(
  input: NonNullable<EdxmlHeaderInput['responseFor']>[number],
  path: string,
  issues: Issues,
): EdxmlResponseFor {
  const organId = text(input.organId, `${path}.organId`, issues, { required: true, max: 35 }) ?? '';
  if (organId && !isAnyOrganId(organId)) {
    issues.add(`${path}.organId`, `"${organId}" is not an agency identifier`);
  }
  const documentId = text(input.documentId, `${path}.documentId`, issues, { required: true }) ?? '';
  if (documentId && !parseDocumentId(documentId)) {
    issues.add(`${path}.documentId`, `"${documentId}" is not <issuer>,<date>,<số>/<ký hiệu>`);
  }
  return {
    organId,
    code: text(input.code, `${path}.code`, issues, { required: true, max: 100 }) ?? '',
    promulgationDate:
      normaliseDate(input.promulgationDate, `${path}.promulgationDate`, issues) ?? '',
    documentId,
  };
}

function checkCode(input: EdxmlHeaderInput, issues: Issues): { number: string; notation: string } {
  const number = text(input.code?.number, 'code.number', issues, { required: true, max: 13 }) ?? '';
  const notation =
    text(input.code?.notation, 'code.notation', issues, { required: true, max: 50 }) ?? '';
  if (number && !CODE_NUMBER.test(number)) {
    issues.add('code.number', `"${number}" is not a document number`);
  }
  if (notation && !CODE_NOTATION.test(notation)) {
    issues.add('code.notation', `"${notation}" is not a document notation`);
  }
  return { number, notation };
}

function checkDocumentId(given: string | undefined, derived: string, issues: Issues): string {
  const id = text(given, 'documentId', issues);
  if (id === undefined || id === derived) {
    return derived;
  }
  const key = parseDocumentId(id);
  const expected = parseDocumentId(derived);
  const agrees =
    key !== undefined &&
    expected !== undefined &&
    key.issuer === expected.issuer &&
    key.year === expected.year &&
    key.number === expected.number &&
    key.notation === expected.notation &&
    (key.date === undefined || key.date === expected.date);
  if (!agrees) {
    issues.add(
      'documentId',
      `"${id}" does not match issuer, date, number and notation (${derived})`,
    );
  }
  return id;
}

/**
 * Validates and normalises a MessageHeader: required fields, identifier formats, code tables,
 * dates to ISO. Throws EDXML_HEADER_INVALID listing every problem. Nothing else may happen to a
 * document before this passes.
 */
export function normaliseHeader(input: EdxmlHeaderInput): EdxmlHeader {
  const issues = new Issues();
  const header = readHeader(input, issues);
  if (issues.list.length > 0) {
    throw new EdxmlError(
      'EDXML_HEADER_INVALID',
      `invalid edXML header: ${issues.list.join('; ')}`,
      {
        details: { issues: issues.list },
      },
    );
  }
  return header;
}

function readOtherInfo(
  other: NonNullable<EdxmlHeaderInput['otherInfo']>,
  issues: Issues,
): EdxmlHeader['otherInfo'] {
  return prune({
    sphereOfPromulgation: text(
      other.sphereOfPromulgation,
      'otherInfo.sphereOfPromulgation',
      issues,
    ),
    typerNotation: text(other.typerNotation, 'otherInfo.typerNotation', issues, { max: 50 }),
    promulgationAmount: integer(other.promulgationAmount, 'otherInfo.promulgationAmount', issues, {
      min: 0,
      max: 1e6,
    }),
    pageAmount: integer(other.pageAmount, 'otherInfo.pageAmount', issues, { min: 0, max: 1e6 }),
    appendixes: (other.appendixes ?? []).map(
      (a, i) => text(a, `otherInfo.appendixes[${i}]`, issues, { required: true }) ?? '',
    ),
  });
}

function readDocumentType(
  input: EdxmlHeaderInput['documentType'] | undefined,
  issues: Issues,
): EdxmlHeader['documentType'] {
  // the standard's numeric code table is unconfirmed (samples disagree): check the form only
  const type = String(input?.type ?? '').trim();
  if (!/^\d{1,3}$/.test(type)) {
    issues.add('documentType.type', `"${type}" is not a numeric document type code`);
  }
  return prune({
    type,
    typeDetail: text(input?.typeDetail, 'documentType.typeDetail', issues, { max: 100 }),
    typeName:
      text(input?.typeName, 'documentType.typeName', issues, { required: true, max: 200 }) ?? '',
  });
}

/** Reads and validates a header into `issues` without throwing (shared by document and status). */
export function readHeader(input: EdxmlHeaderInput, issues: Issues): EdxmlHeader {
  const from = normaliseAgency(input.from ?? {}, 'from', issues);
  if (!input.to?.length) {
    issues.add('to', 'at least one recipient is required');
  }
  const code = checkCode(input, issues);
  const date = normaliseDate(input.promulgation?.date ?? '', 'promulgation.date', issues) ?? '';
  const derivedId = documentIdOf(from.organId, date || '0000-00-00', code.number, code.notation);
  return prune({
    from,
    to: (input.to ?? []).map((agency, i) => normaliseAgency(agency, `to[${i}]`, issues)),
    code,
    promulgation: {
      place:
        text(input.promulgation?.place, 'promulgation.place', issues, {
          required: true,
          max: 200,
        }) ?? '',
      date,
    },
    documentType: readDocumentType(input.documentType, issues),
    subject: text(input.subject, 'subject', issues, { required: true, max: 2000 }) ?? '',
    content: text(input.content, 'content', issues, { max: 20_000 }),
    signer: prune({
      competence: text(input.signer?.competence, 'signer.competence', issues, { max: 50 }),
      position: text(input.signer?.position, 'signer.position', issues, { max: 200 }),
      fullName:
        text(input.signer?.fullName, 'signer.fullName', issues, { required: true, max: 200 }) ?? '',
    }),
    dueDate:
      input.dueDate === undefined ? undefined : normaliseDate(input.dueDate, 'dueDate', issues),
    toPlaces: (input.toPlaces ?? []).map(
      (p, i) => text(p, `toPlaces[${i}]`, issues, { required: true }) ?? '',
    ),
    priority: integer(input.priority, 'priority', issues, {
      min: 0,
      max: 4,
      fallback: 0,
    }) as EdxmlPriority,
    otherInfo: readOtherInfo(input.otherInfo ?? {}, issues),
    responseFor: (input.responseFor ?? []).map((r, i) =>
      normaliseResponseFor(r, `responseFor[${i}]`, issues),
    ),
    steeringType: integer(input.steeringType, 'steeringType', issues, {
      min: 0,
      max: 3,
      fallback: 0,
    }) as SteeringType,
    documentId: checkDocumentId(input.documentId, derivedId, issues),
    documentKey: { issuer: from.organId, year: Number(date.slice(0, 4)), ...code },
  });
}

const DOC_TYPES = ['new', 'revoke', 'update', 'replace'] as const;

/** Validates the `Bussiness` block: anything but a new document must name its target. */
export function normaliseBusiness(
  input: EdxmlBusinessInput | undefined,
  issues: Issues,
): EdxmlBusiness {
  const docType = input?.docType ?? 'new';
  if (!DOC_TYPES.includes(docType)) {
    issues.add('business.docType', `"${String(docType)}" is not new, revoke, update or replace`);
  }
  const documentId = text(input?.documentId, 'business.documentId', issues, {
    required: docType !== 'new',
  });
  if (documentId && !parseDocumentId(documentId)) {
    issues.add('business.documentId', `"${documentId}" is not a document identifier`);
  }
  const replacements = (input?.replacements ?? []).map((r, i) => {
    if (!parseDocumentId(r.documentId ?? '')) {
      issues.add(`business.replacements[${i}].documentId`, 'is not a document identifier');
    }
    r.organIds
      .filter((id) => !isAnyOrganId(id))
      .forEach((id) =>
        issues.add(`business.replacements[${i}].organIds`, `"${id}" is not an agency identifier`),
      );
    return { documentId: r.documentId, organIds: [...r.organIds] };
  });
  return prune({
    docType,
    reason: text(input?.reason, 'business.reason', issues, {
      required: docType === 'revoke',
      max: 2000,
    }),
    documentId,
    paper: input?.paper ?? false,
    replacements,
  });
}

/** Validates the trace list: at least one hop, and the first hop is the sender. */
export function normaliseTrace(
  input: EdxmlDocumentInput['trace'],
  sender: string,
  issues: Issues,
): EdxmlTraceHop[] {
  if (!input?.length) {
    issues.add('trace', 'at least the sender hop is required');
    return [];
  }
  if (input[0].organId !== sender) {
    issues.add('trace[0].organId', `first hop must be the sender ${sender}`);
  }
  return input.map((hop, i) => {
    if (!isAnyOrganId(hop.organId ?? '')) {
      issues.add(`trace[${i}].organId`, `"${hop.organId}" is not an agency identifier`);
    }
    return {
      organId: hop.organId,
      timestamp: normaliseTimestamp(hop.timestamp ?? '', `trace[${i}].timestamp`, issues) ?? '',
    };
  });
}
