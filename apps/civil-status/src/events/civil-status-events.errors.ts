import { defineErrorArea } from '@lienthong/errors';

/** Codes of civil status's interconnected procedures. */
export const CivilStatusEventErrorCode = {
  BIRTH_REQUEST_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The birth request is invalid',
  },
  BIRTH_PARENT_MISSING: {
    httpStatus: 400,
    retryable: false,
    title: 'A birth needs at least one parent identified by personal id',
  },
  BIRTH_PARENT_NOT_FOUND: {
    httpStatus: 422,
    retryable: false,
    title: 'The population registry knows no citizen with this personal id',
  },
  DOSSIER_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'No such dossier' },
} as const;

/** Errors of civil status's interconnected procedures. */
export class CivilStatusEventError extends defineErrorArea(
  'CivilStatusEventError',
  CivilStatusEventErrorCode,
) {}
