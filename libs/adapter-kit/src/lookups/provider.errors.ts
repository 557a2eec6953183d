import { defineErrorArea } from '@lienthong/errors';

/**
 * Codes of a service answered by an agency's existing back end (apps/configured-adapter). Each one
 * reaches the consumer as a signed error reply; nothing the back end said is passed on with it.
 * They live in the kit so that every consumer knows them (a retryable PROVIDER_UNAVAILABLE stays
 * retryable at the consumer).
 */
export const ProviderErrorCode = {
  PROVIDER_UNAVAILABLE: {
    httpStatus: 503,
    retryable: true,
    title: "The agency's own system did not answer in time or could not be reached",
  },
  PROVIDER_ANSWER_INVALID: {
    httpStatus: 502,
    retryable: false,
    logLevel: 'warn',
    title:
      "The agency's own system answered outside the service's contract (type, size, redirect, mapping or schema); nothing of it was passed on",
  },
  PROVIDER_REQUEST_UNMAPPABLE: {
    httpStatus: 400,
    retryable: false,
    title: "A field of the request cannot be put into the back end's request template",
  },
  PROVIDER_REFUSED: {
    httpStatus: 502,
    retryable: false,
    title: "The agency's own system refused the request",
  },
} as const;

/** Errors of a back-end-answered service. */
export class ProviderError extends defineErrorArea('ProviderError', ProviderErrorCode) {}
