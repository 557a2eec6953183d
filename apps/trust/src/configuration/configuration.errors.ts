import { defineErrorArea } from '@lienthong/errors';

/** Failures of configuration publishing. */
export const ConfigurationErrorCode = {
  TRUST_CONFIGURATION_NOT_PUBLISHED: {
    httpStatus: 503,
    retryable: true,
    title: 'No configuration has been published yet',
  },
  TRUST_CONFIGURATION_PUBLISH_FAILED: {
    httpStatus: 503,
    retryable: true,
    title: 'The configuration could not be published',
  },
} as const;

/** Error of the configuration area. */
export class ConfigurationError extends defineErrorArea(
  'ConfigurationError',
  ConfigurationErrorCode,
) {}
