import { defineErrorArea } from '@lienthong/errors';

/** Every failure the bus transport raises on purpose (area prefix `BUS_`). */
export const MessagingErrorCode = {
  BUS_SUBJECT_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'A subject token is not a valid member, subsystem, service or type code',
  },
  BUS_UNREACHABLE: {
    httpStatus: 503,
    retryable: true,
    logLevel: 'error',
    title: 'The NATS server cannot be reached',
  },
  BUS_AUTH_FAILED: {
    httpStatus: 503,
    retryable: false,
    logLevel: 'error',
    title: 'The NATS server refused our credentials',
  },
  BUS_TLS_FAILED: {
    httpStatus: 503,
    retryable: false,
    logLevel: 'error',
    title: 'TLS towards the NATS server failed (certificate, CA or a plain/TLS mismatch)',
  },
  BUS_NO_RESPONDERS: {
    httpStatus: 503,
    retryable: true,
    title: 'No provider is listening on the subject',
  },
  BUS_TIMEOUT: { httpStatus: 504, retryable: true, title: 'The reply did not arrive in time' },
  BUS_PERMISSION_DENIED: {
    httpStatus: 403,
    retryable: false,
    logLevel: 'error',
    title: 'NATS permissions do not allow this subject',
  },
  BUS_PUBLISH_FAILED: {
    httpStatus: 503,
    retryable: true,
    title: 'JetStream did not confirm the publish',
  },
  BUS_PUBLISH_REJECTED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'JetStream rejected the message',
  },
  BUS_CONSUMER_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'No durable consumer of that name on the stream',
  },
  BUS_CONSUMER_CONFLICT: {
    httpStatus: 409,
    retryable: false,
    logLevel: 'error',
    title: 'A durable consumer exists with a different filter',
  },
  BUS_MAX_DELIVER_EXCEEDED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'The message failed on every allowed delivery',
  },
  BUS_SERVER_CONFIG_INVALID: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'The NATS server configuration cannot be rendered',
  },
} as const;

/** Coded error of `@lienthong/messaging`. */
export class MessagingError extends defineErrorArea('MessagingError', MessagingErrorCode) {}
