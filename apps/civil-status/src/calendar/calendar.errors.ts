import { defineErrorArea } from '@lienthong/errors';

/** Codes of the working calendar's API. */
export const CalendarErrorCode = {
  CALENDAR_DAY_INVALID: {
    httpStatus: 400,
    retryable: false,
    title:
      'A calendar day needs a date (YYYY-MM-DD), a kind (HOLIDAY on a weekday, WORKING_DAY on a weekend), a name and its legal basis',
  },
  CALENDAR_DAY_NOT_FOUND: {
    httpStatus: 404,
    retryable: false,
    title: 'The working calendar holds no entry for this date',
  },
} as const;

/** Errors of the working calendar's API. */
export class CalendarError extends defineErrorArea('CalendarError', CalendarErrorCode) {}
