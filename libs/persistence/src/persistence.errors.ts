import { defineErrorArea } from '@lienthong/errors';

/** Codes raised by the persistence layer. */
export const PersistenceErrorCode = {
  PERSISTENCE_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'warn',
    title: 'Database is unavailable',
  },
  PERSISTENCE_SCHEMA_INVALID: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Database schema name is invalid',
  },
  PERSISTENCE_NOT_IN_TRANSACTION: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Context carries no transaction',
  },
} as const;

/** Error of the persistence area (connection loss, misconfigured schema, misuse of contexts). */
export class PersistenceError extends defineErrorArea('PersistenceError', PersistenceErrorCode) {}
