import { defineErrorArea } from '@lienthong/errors';

/** Rejections of access-right changes. */
export const AccessRightsErrorCode = {
  TRUST_ACCESS_RIGHT_FIELDS_NOT_OFFERED: {
    httpStatus: 400,
    retryable: false,
    title: 'Granted fields are not offered by the service',
  },
  TRUST_ACCESS_RIGHT_LEGAL_BASES_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'Legal bases name a purpose the right does not grant, or one basis twice',
  },
  TRUST_ACCESS_RIGHT_SERVICE_UNKNOWN: {
    httpStatus: 422,
    retryable: false,
    title: 'Service has no enabled version',
  },
  TRUST_ACCESS_RIGHT_CONSUMER_UNKNOWN: {
    httpStatus: 422,
    retryable: false,
    title: 'Consumer subsystem is not registered',
  },
  TRUST_ACCESS_RIGHT_EXISTS: {
    httpStatus: 409,
    retryable: false,
    title: 'Access right already exists',
  },
  TRUST_ACCESS_RIGHT_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'Access right not found',
  },
} as const;

/** Error of the access-rights area. */
export class AccessRightsError extends defineErrorArea(
  'AccessRightsError',
  AccessRightsErrorCode,
) {}
