import { defineErrorArea } from '@lienthong/errors';

/**
 * Rejections of a global configuration document, and the refusals of a party that holds no
 * usable one. A rejected document is not retryable as such: the same document fails the same way;
 * the watcher keeps the last good configuration and waits for a new version. CONFIG_UNAVAILABLE
 * and CONFIG_STALE are retryable: a fresh configuration may arrive.
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
  CONFIG_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title: 'No verified global configuration yet',
  },
  CONFIG_STALE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The global configuration has expired',
  },
} as const;

/** Error of the global configuration; `code` is one of {@link GlobalConfigurationErrorCode}. */
export class GlobalConfigurationError extends defineErrorArea(
  'GlobalConfigurationError',
  GlobalConfigurationErrorCode,
) {}
