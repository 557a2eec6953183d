import { defineErrorArea } from '@lienthong/errors';

/** Codes of the life-event pipeline (outbox, relay, subscriptions, inbox). */
export const EventErrorCode = {
  EVENT_SUBSCRIPTION_DENIED: {
    httpStatus: 403,
    retryable: false,
    title: 'The global configuration grants no subscription to this event',
  },
  EVENT_PUBLISHER_MISMATCH: {
    httpStatus: 403,
    retryable: false,
    title: 'The event was signed by another member than the one its subject names',
  },
  EVENT_TYPE_UNKNOWN: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'No schema for this event type',
  },
  EVENT_NOT_IN_TRANSACTION: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'An event was published outside a transaction',
  },
  EVENT_PUBLISHING_DISABLED: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'This agency does not declare that it publishes events',
  },
  EVENT_HANDLER_FAILED: {
    httpStatus: 500,
    retryable: true,
    logLevel: 'error',
    title: 'The event handler failed unexpectedly; the event will be redelivered',
  },
  EVENT_REFUSED: {
    httpStatus: 422,
    retryable: false,
    title: 'The subscriber refused the event on business grounds',
  },
} as const;

/** Errors of the life-event pipeline. */
export class EventError extends defineErrorArea('EventError', EventErrorCode) {}
