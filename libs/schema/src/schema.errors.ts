import { defineErrorArea } from '@lienthong/errors';

/** Codes of the schema registry: broken contracts at boot and payloads that break a contract. */
export const SchemaErrorCode = {
  SCHEMA_ROOT_NOT_FOUND: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'No schemas/ folder found above the code',
  },
  SCHEMA_DEFINITION_INVALID: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'A schema file is not a valid JSON Schema',
  },
  SCHEMA_ID_MISMATCH: {
    httpStatus: 500,
    retryable: false,
    logLevel: 'error',
    title: 'A schema $id does not match its file path',
  },
  SCHEMA_UNKNOWN: { httpStatus: 500, retryable: false, title: 'No schema has this id' },
  PAYLOAD_SCHEMA_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'Payload does not match its schema',
  },
} as const;

/** Raised by the schema registry; `details.errors` lists ajv paths and keywords, never data. */
export class SchemaError extends defineErrorArea('SchemaError', SchemaErrorCode) {}
