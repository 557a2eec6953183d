import { defineErrorArea } from '@lienthong/errors';

const rejected = (title: string) => ({ httpStatus: 400, retryable: false, title }) as const;
const forbidden = (title: string) => ({ httpStatus: 422, retryable: false, title }) as const;

/**
 * Every way an edXML package can be refused, one stable code each. None is retryable: the same
 * bytes fail the same way, so a JetStream consumer terminates the message and answers with status 02.
 */
export const EdxmlErrorCode = {
  EDXML_TOO_LARGE: { httpStatus: 413, retryable: false, title: 'edXML package is too large' },
  EDXML_ENCODING_INVALID: rejected('edXML package is not well-formed UTF-8'),
  EDXML_DOCTYPE_FORBIDDEN: rejected('edXML package declares a DOCTYPE or entities'),
  EDXML_PROCESSING_INSTRUCTION_FORBIDDEN: rejected('edXML package holds a processing instruction'),
  EDXML_COMMENT_FORBIDDEN: rejected('edXML package holds a comment'),
  EDXML_CDATA_FORBIDDEN: rejected('edXML package holds a CDATA section'),
  EDXML_MALFORMED: rejected('edXML package is not well-formed XML'),
  EDXML_ROOT_INVALID: rejected('Document element is not an edXML package'),
  EDXML_ID_DUPLICATE: forbidden('An Id value appears more than once'),
  EDXML_ALREADY_SIGNED: rejected('edXML package is already signed'),
  EDXML_SIGNATURE_MISSING: forbidden('edXML package is not signed'),
  EDXML_SIGNATURE_MULTIPLE: forbidden('edXML package holds more than one signature'),
  EDXML_SIGNATURE_MISPLACED: forbidden('Signature is not the last child of edXMLHeader'),
  EDXML_SIGNATURE_SHAPE_INVALID: forbidden('Signature element has an unexpected structure'),
  EDXML_REFERENCE_INVALID: forbidden('Signature does not reference the whole package exactly once'),
  EDXML_ALGORITHM_REJECTED: forbidden('Signature uses an algorithm outside the allow-list'),
  EDXML_SIGNING_CERT_MISSING: forbidden('Signed header does not name the signing certificate'),
  EDXML_SIGNER_UNKNOWN: forbidden('Sender agency has no registered certificate'),
  EDXML_CERT_MISMATCH: forbidden('Signing certificate is not a registered one of the sender'),
  EDXML_CERT_EXPIRED: forbidden('Signing certificate is outside its validity period'),
  EDXML_SIGNATURE_INVALID: forbidden('Signature or digest does not verify'),
  EDXML_SIGNER_MISMATCH: forbidden('Verified content names a different sender'),
  EDXML_SIGNED_CONTENT_MISMATCH: forbidden(
    'The package does not read as exactly the content its signature covers',
  ),
  EDXML_HEADER_INVALID: rejected('edXML header is incomplete or malformed'),
  EDXML_STATUS_INVALID: rejected('edXML status packet is incomplete or malformed'),
  EDXML_ATTACHMENT_DIGEST_MISMATCH: forbidden('Attachment does not match its manifest digest'),
  EDXML_ATTACHMENT_UNLISTED: forbidden('Inline attachment is not listed in the manifest'),
} as const;

/** Union of the edXML error codes. */
export type EdxmlErrorCodeName = keyof typeof EdxmlErrorCode;

/** A refused edXML package or an invalid document to build; `code` says which rule failed. */
export class EdxmlError extends defineErrorArea('EdxmlError', EdxmlErrorCode) {}
