/** XML namespace of QCVN 102:2016 packages, as every interoperating implementation writes it. */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** Namespace of the bus's own extension elements (digests, sizes, signing certificate). */
export const LIENTHONG_EDXML_NS = 'urn:lienthong:edxml:1';

/** W3C XMLDSig namespace. */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Algorithm identifiers used or recognised by this library (W3C XMLDSig, RFC 6931). */
export const XmlDsigAlgorithm = {
  EXC_C14N: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  EXC_C14N_WITH_COMMENTS: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  C14N: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  C14N_WITH_COMMENTS: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  ENVELOPED_SIGNATURE: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  SHA1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  SHA256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  SHA512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  RSA_SHA1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  RSA_SHA256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  RSA_SHA512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  RSA_PSS_SHA256: 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
  ECDSA_SHA256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  HMAC_SHA1: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
} as const;

/** Default byte ceiling of a package: attachments travel out of band, so headers stay small. */
export const DEFAULT_EDXML_MAX_BYTES = 8 * 1024 * 1024;

/** Offset written into edXML timestamps: the standard's samples carry Vietnam local time. */
export const VIETNAM_UTC_OFFSET = '+07:00';
