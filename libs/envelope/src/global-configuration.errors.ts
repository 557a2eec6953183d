import { defineErrorArea } from '@lienthong/errors';

/**
 * Rejections of a global configuration document. Not retryable as such: the same document fails
 * the same way; the watcher keeps the last good configuration and waits for a new version.
 */
export const GlobalConfigurationErrorCode = {
  CONFIG_RECORD_MALFORMED: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration record is not {payload, signature}',
  },
  CONFIG_NOT_JSON: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration is not UTF-8 JSON',
  },
  CONFIG_SIGNER_INVALID: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration is not signed by TRUST/central under a given anchor',
  },
  CONFIG_NOT_CANONICAL: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration is not RFC 8785 canonical JSON',
  },
  CONFIG_SCHEMA_INVALID: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration does not match its schema',
  },
  CONFIG_EXPIRED: {
    httpStatus: 503,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration has expired',
  },
  CONFIG_TRUST_MATERIAL_INVALID: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'error',
    title: 'Configuration certificates do not form a trust store',
  },
} as const;

/** Error of the global configuration; `code` is one of {@link GlobalConfigurationErrorCode}. */
export class GlobalConfigurationError extends defineErrorArea(
  'GlobalConfigurationError',
  GlobalConfigurationErrorCode,
) {}
