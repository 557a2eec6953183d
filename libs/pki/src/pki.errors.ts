import { defineErrorArea } from '@lienthong/errors';

/**
 * Every rejection of libs/pki, one stable code each. None is retryable: a bad key, certificate or
 * signature stays bad on redelivery. 400 = the input is broken; 401 = the input is well formed but
 * not trusted (unknown, untrusted, expired, revoked, wrong algorithm, bad signature).
 */
export const PkiErrorCode = {
  PKI_KEY_INVALID: { httpStatus: 400, retryable: false, title: 'Key is invalid or unsupported' },
  PKI_CSR_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'Certificate signing request is invalid',
  },
  PKI_CERT_INVALID: { httpStatus: 400, retryable: false, title: 'Certificate is invalid' },
  PKI_CERT_UNKNOWN: { httpStatus: 401, retryable: false, title: 'Certificate is not registered' },
  PKI_CERT_UNTRUSTED: {
    httpStatus: 401,
    retryable: false,
    title: 'Certificate does not chain to a trust anchor',
  },
  PKI_CERT_EXPIRED: { httpStatus: 401, retryable: false, title: 'Certificate has expired' },
  PKI_CERT_NOT_YET_VALID: {
    httpStatus: 401,
    retryable: false,
    title: 'Certificate is not yet valid',
  },
  PKI_CERT_REVOKED: { httpStatus: 401, retryable: false, title: 'Certificate is revoked' },
  PKI_CERT_NOT_MEMBER: {
    httpStatus: 401,
    retryable: false,
    title: 'Certificate does not name a bus member',
  },
  PKI_JWS_MALFORMED: { httpStatus: 400, retryable: false, title: 'JWS is malformed' },
  PKI_ALGORITHM_REJECTED: {
    httpStatus: 401,
    retryable: false,
    title: 'Signature algorithm is not accepted',
  },
  PKI_SIGNATURE_INVALID: { httpStatus: 401, retryable: false, title: 'Signature is invalid' },
  PKI_PKCS12_INVALID: { httpStatus: 400, retryable: false, title: 'PKCS#12 file is invalid' },
  PKI_VALUE_NOT_JSON: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Value cannot be written as canonical JSON',
  },
} as const;

/** Error of libs/pki; `code` is one of {@link PkiErrorCode}. */
export class PkiError extends defineErrorArea('PkiError', PkiErrorCode) {}
