import { defineErrorArea } from '@lienthong/errors';

/** Rejections of service catalog changes. */
export const ServicesErrorCode = {
  TRUST_SERVICE_EXISTS: {
    httpStatus: 409,
    retryable: false,
    title: 'Service version already exists',
  },
  TRUST_SERVICE_PROVIDER_UNKNOWN: {
    httpStatus: 422,
    retryable: false,
    title: 'Provider subsystem is not registered',
  },
} as const;

/** Error of the services area. */
export class ServicesError extends defineErrorArea('ServicesError', ServicesErrorCode) {}
