import { defineErrorArea } from '@lienthong/errors';

/** Rejections of event-right changes. */
export const EventRightsErrorCode = {
  TRUST_EVENT_RIGHT_EXISTS: {
    httpStatus: 409,
    retryable: false,
    title: 'Event right already exists',
  },
  TRUST_EVENT_RIGHT_PARTY_UNKNOWN: {
    httpStatus: 422,
    retryable: false,
    title: 'Subscriber subsystem or publisher member is not registered',
  },
  TRUST_EVENT_RIGHT_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'Event right not found',
  },
} as const;

/** Error of the event-rights area. */
export class EventRightsError extends defineErrorArea('EventRightsError', EventRightsErrorCode) {}
