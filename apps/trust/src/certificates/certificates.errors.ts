import { defineErrorArea } from '@lienthong/errors';

/** Rejections of certificate issuance and revocation. */
export const CertificatesErrorCode = {
  TRUST_CERTIFICATE_SUBJECT_UNKNOWN: {
    httpStatus: 422,
    retryable: false,
    title: 'Certificate subject is not a registered member subsystem',
  },
  TRUST_CERTIFICATE_CSR_SUBJECT_MISMATCH: {
    httpStatus: 422,
    retryable: false,
    logLevel: 'warn',
    title:
      'The CSR names another member, subsystem or organ id than the registered member it is for',
  },
  TRUST_CERTIFICATE_MEMBER_SUSPENDED: {
    httpStatus: 422,
    retryable: false,
    title: 'Member is suspended',
  },
  TRUST_CERTIFICATE_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'Certificate not found',
  },
  TRUST_CERTIFICATE_ALREADY_REVOKED: {
    httpStatus: 409,
    retryable: false,
    title: 'Certificate is already revoked',
  },
} as const;

/** Error of the certificates area. */
export class CertificatesError extends defineErrorArea(
  'CertificatesError',
  CertificatesErrorCode,
) {}
