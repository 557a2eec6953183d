import { defineErrorArea } from '@lienthong/errors';

/**
 * Refusals to boot with a CA other than the one the trust database registered on first boot: a
 * second root CA would split the bus (adapters pin the first one as their configuration anchor).
 */
export const CaErrorCode = {
  TRUST_CA_KEYS_MISSING: {
    httpStatus: 503,
    retryable: false,
    logLevel: 'error',
    title: 'The database registers a bus CA whose key files are not in this data directory',
  },
  TRUST_CA_MISMATCH: {
    httpStatus: 503,
    retryable: false,
    logLevel: 'error',
    title: 'The CA in the data directory is not the bus CA the database registers',
  },
} as const;

/** Error of the CA area. */
export class CaError extends defineErrorArea('CaError', CaErrorCode) {}
