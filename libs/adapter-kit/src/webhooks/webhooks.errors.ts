import { defineErrorArea } from '@lienthong/errors';

/** Codes of the agency's webhooks (push to its own systems, issue 14). */
export const WebhookErrorCode = {
  WEBHOOK_REQUEST_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The webhook endpoint is missing, malformed or names an unknown topic',
  },
  WEBHOOK_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'No such webhook endpoint' },
  WEBHOOK_DELIVERY_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'No such webhook delivery',
  },
  WEBHOOK_DELIVERY_NOT_DEAD: {
    httpStatus: 409,
    retryable: false,
    title: 'Only a dead-lettered webhook delivery can be retried by hand',
  },
} as const;

/** Errors of the webhooks API. */
export class WebhookError extends defineErrorArea('WebhookError', WebhookErrorCode) {}
