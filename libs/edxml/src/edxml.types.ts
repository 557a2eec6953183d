/** Identifier scheme of an agency id: QCVN 102 code, QĐ 20/2020 code or enterprise code (MSDN). */
export type AgencyIdScheme = 'qcvn102' | 'qd20' | 'msdn';

/** A sending or receiving agency (`From` / `To`). */
export interface EdxmlAgency {
  readonly organId: string;
  readonly scheme: AgencyIdScheme;
  readonly organName: string;
  readonly organizationInCharge?: string;
  readonly organAdd?: string;
  readonly email?: string;
  readonly telephone?: string;
  readonly fax?: string;
  readonly website?: string;
}

/** Agency as given to the builder; the scheme defaults to `qcvn102`. */
export type EdxmlAgencyInput = Omit<EdxmlAgency, 'scheme'> & { readonly scheme?: AgencyIdScheme };

/** Document number (số) and notation (ký hiệu), unique per issuer per calendar year. */
export interface EdxmlCode {
  readonly number: string;
  readonly notation: string;
}

/** Natural key of an official document (NĐ 30/2020 Art. 15(1)). */
export interface EdxmlDocumentKey extends EdxmlCode {
  readonly issuer: string;
  readonly year: number;
}

/** What the package does to the business document (`BussinessDocType` 0..3). */
export type BusinessDocType = 'new' | 'revoke' | 'update' | 'replace';

/** Urgency: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type EdxmlPriority = 0 | 1 | 2 | 3 | 4;

/** `SteeringType` 0..3; the standard's meaning of each code is unconfirmed, so none is inferred. */
export type SteeringType = 0 | 1 | 2 | 3;

/** A date in input: ISO `YYYY-MM-DD`, edXML `YYYY/MM/DD`, Vietnamese `DD/MM/YYYY`, or a Date. */
export type DateInput = string | Date;

/** Reference to a document this one answers (`ResponseFor`). */
export interface EdxmlResponseFor {
  readonly organId: string;
  /** "số/ký hiệu" of the answered document. */
  readonly code: string;
  /** ISO date `YYYY-MM-DD`. */
  readonly promulgationDate: string;
  readonly documentId: string;
}

/** One hop of the trace list; `timestamp` is ISO 8601 with offset. */
export interface EdxmlTraceHop {
  readonly organId: string;
  readonly timestamp: string;
}

/** The `Bussiness` block of the trace header list. */
export interface EdxmlBusiness {
  readonly docType: BusinessDocType;
  readonly reason?: string;
  /** The document revoked, updated or replaced; required unless `docType` is `new`. */
  readonly documentId?: string;
  /** A paper copy is also sent. */
  readonly paper: boolean;
  readonly replacements: readonly {
    readonly documentId: string;
    readonly organIds: readonly string[];
  }[];
}

/** Validated, normalised `MessageHeader` (dates ISO `YYYY-MM-DD`). */
export interface EdxmlHeader {
  readonly from: EdxmlAgency;
  readonly to: readonly EdxmlAgency[];
  readonly code: EdxmlCode;
  readonly promulgation: { readonly place: string; readonly date: string };
  readonly documentType: {
    readonly type: string;
    readonly typeDetail?: string;
    readonly typeName: string;
  };
  readonly subject: string;
  readonly content?: string;
  readonly signer: {
    readonly competence?: string;
    readonly position?: string;
    readonly fullName: string;
  };
  readonly dueDate?: string;
  readonly toPlaces: readonly string[];
  readonly priority: EdxmlPriority;
  readonly otherInfo: {
    readonly sphereOfPromulgation?: string;
    readonly typerNotation?: string;
    readonly promulgationAmount?: number;
    readonly pageAmount?: number;
    readonly appendixes: readonly string[];
  };
  readonly responseFor: readonly EdxmlResponseFor[];
  readonly steeringType: SteeringType;
  readonly documentId: string;
  readonly documentKey: EdxmlDocumentKey;
}

/** One attachment listed in the manifest; `sha256` is lowercase hex (the object-store name). */
export interface EdxmlManifestEntry {
  readonly contentId: string;
  readonly contentType: string;
  readonly attachmentName: string;
  readonly description?: string;
  readonly size: number;
  readonly sha256: string;
}

/** An official-document package, read from verified content or built from validated input. */
export interface EdxmlDocument {
  readonly kind: 'document';
  readonly header: EdxmlHeader;
  readonly trace: readonly EdxmlTraceHop[];
  readonly business: EdxmlBusiness;
  readonly manifest: readonly EdxmlManifestEntry[];
  /** Content ids whose bytes travel inline in `AttachmentEncoded` (already digest-checked). */
  readonly inlineContentIds: readonly string[];
}

/** Business status codes of QĐ 28/2018 (01 arrived … 16 change rejected). */
export type EdxmlStatusCode = '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';

/** Staff member handling a document (`StaffInfo`). */
export interface EdxmlStaffInfo {
  readonly department?: string;
  readonly staff: string;
  readonly mobile?: string;
  readonly email?: string;
}

/** A Status packet bound to the `DocumentId` it reports on. */
export interface EdxmlStatus {
  readonly kind: 'status';
  readonly responseFor: EdxmlResponseFor;
  readonly from: EdxmlAgency;
  readonly statusCode: EdxmlStatusCode;
  readonly description?: string;
  /** ISO 8601 with offset. */
  readonly timestamp: string;
  readonly staff?: EdxmlStaffInfo;
}

/** Anything an edXML package can carry. */
export type EdxmlPackage = EdxmlDocument | EdxmlStatus;

/** A timestamp in input: ISO 8601 with offset, edXML `YYYY/MM/DD HH:mm:ss` (Vietnam time) or a Date. */
export type TimestampInput = string | Date;

/** Attachment metadata shared by both ways of giving its content. */
interface EdxmlAttachmentMeta {
  /** Defaults to `cid:<sha256>`. */
  readonly contentId?: string;
  readonly contentType: string;
  readonly attachmentName: string;
  readonly description?: string;
}

/**
 * An attachment to list: either its bytes (digested here, embedded in `AttachmentEncoded` when
 * `inline`), or the digest and size of bytes stored out of band (object store, name = SHA-256 hex).
 */
export type EdxmlAttachmentInput = EdxmlAttachmentMeta &
  (
    | { readonly bytes: Uint8Array; readonly inline?: boolean }
    | { readonly sha256: string; readonly size: number }
  );

/** Header as given to the builder or read from XML; validation turns it into an EdxmlHeader. */
export interface EdxmlHeaderInput {
  readonly from: EdxmlAgencyInput;
  readonly to: readonly EdxmlAgencyInput[];
  readonly code: EdxmlCode;
  readonly promulgation: { readonly place: string; readonly date: DateInput };
  readonly documentType: {
    readonly type: string | number;
    readonly typeDetail?: string;
    readonly typeName: string;
  };
  readonly subject: string;
  readonly content?: string;
  readonly signer: {
    readonly competence?: string;
    readonly position?: string;
    readonly fullName: string;
  };
  readonly dueDate?: DateInput;
  readonly toPlaces?: readonly string[];
  /** 0..4, defaults to 0. */
  readonly priority?: number | string;
  readonly otherInfo?: {
    readonly sphereOfPromulgation?: string;
    readonly typerNotation?: string;
    readonly promulgationAmount?: number | string;
    readonly pageAmount?: number | string;
    readonly appendixes?: readonly string[];
  };
  readonly responseFor?: readonly {
    readonly organId: string;
    readonly code: string;
    readonly promulgationDate: DateInput;
    readonly documentId: string;
  }[];
  /** 0..3, defaults to 0. */
  readonly steeringType?: number | string;
  /** Derived from issuer, date, number and notation when absent; must agree with them when given. */
  readonly documentId?: string;
}

/** The `Bussiness` block as input; `docType` defaults to `new`, `paper` to false. */
export interface EdxmlBusinessInput {
  readonly docType?: BusinessDocType;
  readonly reason?: string;
  readonly documentId?: string;
  readonly paper?: boolean;
  readonly replacements?: readonly {
    readonly documentId: string;
    readonly organIds: readonly string[];
  }[];
}

/** Everything needed to build an official-document package. */
export interface EdxmlDocumentInput {
  readonly header: EdxmlHeaderInput;
  /** Hops so far; at least the sender's own hop. */
  readonly trace: readonly { readonly organId: string; readonly timestamp: TimestampInput }[];
  readonly business?: EdxmlBusinessInput;
  readonly attachments?: readonly EdxmlAttachmentInput[];
}

/** Everything needed to build a Status packet. */
export interface EdxmlStatusInput {
  readonly responseFor: {
    readonly organId: string;
    readonly code: string;
    readonly promulgationDate: DateInput;
    readonly documentId: string;
  };
  readonly from: EdxmlAgencyInput;
  readonly statusCode: string;
  /** Required for 02 (rejection) and 16 (change rejected): the reason. */
  readonly description?: string;
  readonly timestamp: TimestampInput;
  readonly staff?: EdxmlStaffInfo;
}
