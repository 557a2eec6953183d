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
  DEATH_REQUEST_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'The death request is invalid',
  },
  DEATH_PROCEDURES_INVALID: {
    httpStatus: 400,
    retryable: false,
    title:
      'Choose 2, 3 or 4 procedures: death registration and residence removal, then funeral allowance, then survivor benefit',
  },
  DEATH_DECEASED_NOT_FOUND: {
    httpStatus: 422,
    retryable: false,
    title: 'The population registry knows no citizen with this personal id',
  },
  DEATH_ALREADY_REGISTERED: {
    httpStatus: 409,
    retryable: false,
    title: 'The death of this citizen is already registered',
  },
  DOSSIER_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'No such dossier' },
  DOSSIER_FORBIDDEN: {
    httpStatus: 403,
    retryable: false,
    title: 'A citizen may only see the dossiers they are a party of',
  },
  DOSSIER_FILTER_INVALID: {
    httpStatus: 400,
    retryable: false,
    title:
      'The dossier filters are invalid: status, procedure, overdue (true/false), from/to (YYYY-MM-DD), limit (1-200), after',
  },
} as const;

/** Errors of civil status's interconnected procedures. */
export class CivilStatusEventError extends defineErrorArea(
  'CivilStatusEventError',
  CivilStatusEventErrorCode,
) {}
