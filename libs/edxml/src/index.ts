export {
  EDXML_NS,
  LIENTHONG_EDXML_NS,
  DSIG_NS,
  XmlDsigAlgorithm,
  DEFAULT_EDXML_MAX_BYTES,
} from './edxml.constants';
export { EdxmlError, EdxmlErrorCode, type EdxmlErrorCodeName } from './edxml.errors';
export type * from './edxml.types';
export { buildEdxml, buildStatus, BUSINESS_DOC_TYPE_CODES } from './edxml.builder';
export { normaliseHeader } from './edxml-header';
export { parseEdxmlHeader } from './edxml.parser';
export { documentIdOf, parseDocumentId, isOrganId } from './edxml-values';
export type { EdxmlLimits } from './xml-dom';
export {
  signEdxml,
  buildSignedEdxml,
  edxmlSignatureTemplate,
  certificateSha256,
  type SignEdxmlOptions,
  type SignedEdxml,
  type EdxmlTemplateOptions,
} from './edxml.signer';
export type { EdxmlSigner } from './xml-signature-algorithms';
export { verifyEdxml, type VerifyEdxmlOptions, type VerifiedEdxml } from './edxml.verifier';
export { verifyAttachment } from './attachment';
export { benchXmlSignVerify, type SignVerifyRate, type XmlSignVerifyBench } from './edxml-bench';
