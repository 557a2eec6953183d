import { defineErrorArea } from '@lienthong/errors';

/** Codes of the test helpers: a test run set up wrongly, reported before any test can mislead. */
export const TestingErrorCode = {
  TESTING_ENV_MISSING: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Test server URL is not set',
  },
  TESTING_SERVERS_FAILED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'Test servers could not be started',
  },
} as const;

/** The error raised by @lienthong/testing on purpose. */
export class TestingError extends defineErrorArea('TestingError', TestingErrorCode) {}
