import { defineErrorArea } from '@lienthong/errors';

/** Codes of the leaders' figures. */
export const StatisticsErrorCode = {
  STATISTICS_QUERY_INVALID: {
    httpStatus: 400,
    retryable: false,
    title:
      'The figures take from and to (YYYY-MM-DD, at most 732 days apart), and optionally a commune (5 digits), an agency (member code) and a procedure (BIRTH or DEATH)',
  },
} as const;

/** Errors of the leaders' figures. */
export class StatisticsError extends defineErrorArea('StatisticsError', StatisticsErrorCode) {}
